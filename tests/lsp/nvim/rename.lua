-- Step 4: rename the contact c.mueller to c.weber from its id in
-- accounts/b.md: kam answers one WorkspaceEdit, nvim applies it (in the
-- client's offset encoding) to b.md and to a.md (not open: nvim loads it)
-- and :wall writes both. Every use changed on disk; nothing else did.
-- (tests/e2e/lsp_nvim.bats then runs kam check: no problems.)
local T = kamtest

local function expected(rel)
  local f = assert(io.open(T.here .. 'repo/' .. rel, 'rb'))
  local text = f:read('*a'):gsub('c%.mueller', 'c.weber')
  f:close()
  return text
end

T.run('rename', function()
  T.start()
  T.require_capability('renameProvider')
  T.open('accounts/b.md')
  T.cursor(18, 9)
  T.expect('the word under the cursor', vim.fn.expand('<cWORD>'), 'c.mueller,')
  local params = vim.lsp.util.make_position_params()
  params.newName = 'c.weber'
  local edit = T.request('textDocument/rename', params)
  if edit == nil or edit == vim.NIL then
    T.fail('textDocument/rename answered null: no edit')
  end
  vim.lsp.util.apply_workspace_edit(edit, T.client().offset_encoding)
  vim.cmd('silent wall')
  T.expect('accounts/b.md on disk', T.read('accounts/b.md'), expected('accounts/b.md'))
  T.expect('accounts/a.md on disk', T.read('accounts/a.md'), expected('accounts/a.md'))
  T.expect('accounts/valid-minimal.md on disk', T.read('accounts/valid-minimal.md'),
    expected('../../../fixtures/repo/accounts/valid-minimal.md'))
  local left = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_option(b, 'modified') then
      table.insert(left, vim.api.nvim_buf_get_name(b))
    end
  end
  T.expect('buffers left unwritten', left, {})
end)
