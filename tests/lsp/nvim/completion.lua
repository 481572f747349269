-- Step 2: completion after `decision_leader: ` in accounts/b.md offers the
-- plan's contact ids, as nvim's omnifunc would insert them
-- (vim.lsp.util.text_document_completion_list_to_complete_items: the
-- textEdit's text, else insertText, else the label).
local T = kamtest

T.run('completion', function()
  T.start()
  T.require_capability('completionProvider')
  local buf = T.open('accounts/b.md')
  local line = '    decision_leader: '
  T.expect('line 13 of accounts/b.md', vim.api.nvim_buf_get_lines(buf, 12, 13, true)[1],
    line .. 'c.mueller')
  vim.api.nvim_buf_set_lines(buf, 12, 13, true, { line })
  -- the cursor after the space, as in insert mode at the end of the line
  local result = T.request('textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(),
    position = { line = 12, character = #line },
    context = { triggerKind = 1 },
  })
  if result == nil or result == vim.NIL then
    T.fail('textDocument/completion answered null: nothing to complete after %q', line)
  end
  local words = {}
  for _, item in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(result, '')) do
    table.insert(words, item.word)
  end
  table.sort(words)
  T.expect('the words offered after ' .. line, words, { 'c.braun', 'c.mueller' })
end)
