-- The harness of the real-client test: Neovim's built-in LSP client (0.7,
-- Debian 12's package) talking to `kam lsp --stdio`. Loaded with
--   nvim --headless --clean -u tests/lsp/nvim/init.lua +'luafile tests/lsp/nvim/STEP.lua'
-- from the repository under test (the current folder). Each step calls
-- kamtest.run(name, fn): fn runs protected; the outcome goes to the file
-- $KAM_NVIM_RESULT ("ok NAME" or "FAIL NAME: why") and to stderr, and nvim
-- exits 0 or 1. Every wait has a time limit ($KAM_NVIM_WAIT ms), so a server
-- that is missing, dies or never answers fails the step with a message.
--   KAM            the kam binary (default: build/kam of this checkout)
--   KAM_NVIM_WAIT  milliseconds one wait may take (default 20000: valgrind is slow)

vim.o.swapfile = false
vim.o.hidden = true
vim.o.shadafile = 'NONE'

local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)') or './'

local T = {
  here = here,        -- this folder, with a slash
  kam = os.getenv('KAM') or vim.fn.fnamemodify(here .. '../../../build/kam', ':p'),
  wait_ms = tonumber(os.getenv('KAM_NVIM_WAIT') or '') or 20000,
  root = vim.loop.fs_realpath(vim.fn.getcwd()),
  client_id = nil,
  exited = nil,       -- "code N, signal S" once the server process ended
  exit_code = nil,
  published = {},     -- uri -> how many publishDiagnostics arrived for it
}
kamtest = T

local function describe(v)
  return vim.inspect(v, { newline = ' ', indent = '' })
end

T.describe = describe

-- Stop the step with a message (caught by T.run).
function T.fail(fmt, ...)
  error({ kamtest = string.format(fmt, ...) }, 0)
end

function T.expect(what, got, want)
  if not vim.deep_equal(got, want) then
    T.fail('%s:\n  expected %s\n  got      %s', what, describe(want), describe(got))
  end
end

-- Wait until done() is true; fail with what we were waiting for after
-- the time limit, or at once when the server has exited.
function T.wait(what, done)
  local ok = vim.wait(T.wait_ms, function()
    return T.exited ~= nil or done()
  end, 10)
  if done() then
    return
  end
  if T.exited then
    T.fail('kam lsp exited (%s) while waiting for %s (its stderr is in %s)', T.exited, what,
      vim.lsp.get_log_path())
  end
  if not ok then
    T.fail('timed out after %d ms waiting for %s', T.wait_ms, what)
  end
end

function T.client()
  return vim.lsp.get_client_by_id(T.client_id)
end

-- Start `kam lsp --stdio` for the repository in the current folder and
-- wait for the initialize handshake.
function T.start()
  if vim.fn.executable(T.kam) ~= 1 then
    T.fail('the server is missing: %s is not an executable file', T.kam)
  end
  local handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
      T.published[result.uri] = (T.published[result.uri] or 0) + 1
    end,
  }
  local ok, id = pcall(vim.lsp.start_client, {
    name = 'kam',
    cmd = { T.kam, 'lsp', '--stdio' },
    root_dir = T.root,
    workspace_folders = { { uri = vim.uri_from_fname(T.root), name = 'repo' } },
    handlers = handlers,
    on_exit = function(code, signal)
      T.exited = string.format('code %d, signal %d', code, signal)
      T.exit_code = code
    end,
  })
  if not ok or not id then
    T.fail('vim.lsp.start_client could not start %s lsp --stdio: %s', T.kam, tostring(id))
  end
  T.client_id = id
  T.wait('the answer to initialize', function()
    local c = T.client()
    return c ~= nil and c.initialized and c.server_capabilities ~= nil
  end)
end

-- Open a file of the repository (a path relative to it) in a window and
-- attach the client; returns the buffer.
function T.open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(T.root .. '/' .. rel))
  local buf = vim.api.nvim_get_current_buf()
  if not vim.lsp.buf_attach_client(buf, T.client_id) then
    T.fail('could not attach the client to %s', rel)
  end
  return buf
end

function T.uri(rel)
  return vim.uri_from_fname(T.root .. '/' .. rel)
end

-- Wait for the next diagnostics the server publishes for a file after
-- `action` ran (action opens or changes it).
function T.next_diagnostics(rel, action)
  local uri = T.uri(rel)
  local before = T.published[uri] or 0
  action()
  T.wait('diagnostics of ' .. rel, function()
    return (T.published[uri] or 0) > before
  end)
end

-- The diagnostics nvim shows for a buffer, the fields the test compares,
-- in the order of their positions.
function T.diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code, source = d.source, message = d.message,
    })
  end
  table.sort(out, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
  return out
end

-- The server must announce the capability before the client asks.
function T.require_capability(name)
  local caps = T.client().server_capabilities
  if not caps[name] then
    T.fail('kam lsp does not announce %s (capabilities: %s)', name, describe(caps))
  end
end

-- Send a request for the current buffer and wait for kam's answer: its
-- result (an error fails the step).
function T.request(method, params)
  local responses, err = vim.lsp.buf_request_sync(0, method, params, T.wait_ms)
  if not responses then
    T.fail('no answer to %s within %d ms: %s', method, T.wait_ms, tostring(err))
  end
  local response = responses[T.client_id]
  if not response then
    T.fail('kam lsp did not answer %s', method)
  end
  if response.err then
    T.fail('%s answered an error: %s', method, describe(response.err))
  end
  return response.result
end

-- Put the cursor at a 1-based line and 0-based byte column of the current
-- window; the position params the client sends for it.
function T.cursor(line, col)
  vim.api.nvim_win_set_cursor(0, { line, col })
  return vim.lsp.util.make_position_params()
end

-- A file's contents on disk.
function T.read(rel)
  local f = io.open(T.root .. '/' .. rel, 'rb')
  if not f then
    T.fail('cannot read %s', rel)
  end
  local text = f:read('*a')
  f:close()
  return text
end

-- End the server by the protocol (shutdown, then exit): it must exit 0
-- (under tools/valgrind-kam a leak makes it exit 99). Returns why not, or nil.
local function stop_server()
  local c = T.client_id and T.client()
  if not c or T.exited then
    return nil
  end
  local initialized = c.initialized
  c.stop()
  vim.wait(T.wait_ms, function()
    return T.exited ~= nil
  end, 10)
  if not initialized then
    return nil -- nvim killed it: its status says nothing
  end
  if not T.exited then
    return string.format('kam lsp did not exit within %d ms of shutdown and exit', T.wait_ms)
  end
  if T.exit_code ~= 0 then
    return string.format('kam lsp exited (%s) after shutdown and exit, not with 0', T.exited)
  end
  return nil
end

local function finish(line, status)
  local path = os.getenv('KAM_NVIM_RESULT')
  if path then
    local f = io.open(path, 'w')
    if f then
      f:write(line, '\n')
      f:close()
    end
  end
  io.stderr:write(line, '\n')
  if status == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit ' .. status)
  end
end

-- Run one step; nvim exits with its outcome.
function T.run(name, fn)
  local ok, err = xpcall(fn, function(e)
    if type(e) == 'table' and e.kamtest then
      return e.kamtest
    end
    return debug.traceback(tostring(e), 2)
  end)
  if ok then
    err = stop_server()
    ok = err == nil
  else
    stop_server()
  end
  if ok then
    finish('ok ' .. name, 0)
  else
    finish('FAIL ' .. name .. ': ' .. err, 1)
  end
end
