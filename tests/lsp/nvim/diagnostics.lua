-- Step 1: open a plan with broken references (accounts/c.md, a copy of
-- broken.md): nvim shows kam check's findings, with their rule ids as
-- codes, hints on the messages' second lines, at their places (the client
-- turns UTF-16 columns into bytes: the Ü before the first reference is two
-- bytes); fixing the buffer clears them.
local T = kamtest
local E = vim.diagnostic.severity.ERROR
local REF_HINT = 'hint: write [[account]], [[account#id]], [[#id]] or [[@team-member]]'

T.run('diagnostics', function()
  T.start()
  local buf
  T.next_diagnostics('accounts/c.md', function()
    buf = T.open('accounts/c.md')
  end)
  T.expect('the diagnostics of accounts/c.md', T.diagnostics(buf), {
    { lnum = 4, col = 7, end_lnum = 4, end_col = 19, severity = E, code = 'single-owner',
      source = 'kam',
      message = "owner 'ivan.sidorow' is not in kam.yaml's team: the account has no single "
        .. "window; did you mean 'ivan.sidorov'?\n"
        .. "hint: add the account manager to team: in kam.yaml, or fix the id" },
    { lnum = 9, col = 6, end_lnum = 9, end_col = 20, severity = E, code = 'ref-unresolved',
      source = 'kam',
      message = "[[b#c.muller]]: 'c.muller' names nothing in 'b'; did you mean 'c.mueller'?\n"
        .. REF_HINT },
    { lnum = 9, col = 41, end_lnum = 9, end_col = 49, severity = E, code = 'ref-unresolved',
      source = 'kam',
      message = "[[nope]]: 'nope' is not an account of this repository\n" .. REF_HINT },
  })

  -- fix the owner: the server hears of the change and drops that finding
  T.next_diagnostics('accounts/c.md', function()
    vim.api.nvim_buf_set_lines(buf, 4, 5, true, { 'owner: ivan.sidorov' })
  end)
  T.expect('the codes once the owner is fixed', vim.tbl_map(function(d)
    return { d.lnum, d.col, d.code }
  end, T.diagnostics(buf)), { { 9, 6, 'ref-unresolved' }, { 9, 41, 'ref-unresolved' } })

  -- fix the references: nothing is left
  T.next_diagnostics('accounts/c.md', function()
    vim.api.nvim_buf_set_lines(buf, 9, 10, true,
      { 'Über [[b#c.mueller]] of B Corp; see also [[a]].' })
  end)
  T.expect('the diagnostics once fixed', T.diagnostics(buf), {})
end)
