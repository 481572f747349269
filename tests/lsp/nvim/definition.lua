-- Step 3: go to the definition of a [[ref]]: from [[b#c.mueller]] in
-- accounts/a.md the cursor lands on the contact's id in accounts/b.md
-- (line 18: `  - {id: c.mueller, ...`, byte column 9); from the
-- decision_leader of b.md's deal to the same place in the same file.
local T = kamtest

-- Ask for the definition at the cursor and jump there as nvim's
-- vim.lsp.buf.definition() does: to the first location.
local function go_to_definition()
  local result = T.request('textDocument/definition', vim.lsp.util.make_position_params())
  if result == nil or result == vim.NIL or (vim.tbl_islist(result) and #result == 0) then
    T.fail('textDocument/definition found nothing at %s %s', vim.fn.bufname(),
      T.describe(vim.api.nvim_win_get_cursor(0)))
  end
  local location = vim.tbl_islist(result) and result[1] or result
  if not vim.lsp.util.jump_to_location(location, T.client().offset_encoding) then
    T.fail('jump_to_location refused %s', T.describe(location))
  end
end

local function where()
  return { vim.api.nvim_buf_get_name(0):sub(#T.root + 2), vim.api.nvim_win_get_cursor(0) }
end

T.run('definition', function()
  T.start()
  T.require_capability('definitionProvider')
  T.open('accounts/a.md')
  T.expect('line 10 of accounts/a.md', vim.fn.getline(10),
    'We met [[b#c.mueller]] with them in October.')
  T.cursor(10, 14) -- on the 'c' of c.mueller
  go_to_definition()
  T.expect('where [[b#c.mueller]] leads', where(), { 'accounts/b.md', { 18, 9 } })
  T.expect('the line under the cursor', vim.fn.getline('.'),
    '  - {id: c.mueller, name: Claudia Mueller, title: CFO}')
  vim.lsp.buf_attach_client(0, T.client_id)

  T.expect('line 13 of accounts/b.md', vim.fn.getline(13), '    decision_leader: c.mueller')
  T.cursor(13, 25)
  go_to_definition()
  T.expect('where decision_leader: c.mueller leads', where(), { 'accounts/b.md', { 18, 9 } })
end)
