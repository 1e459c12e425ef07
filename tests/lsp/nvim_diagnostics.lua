-- SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Neovim's built-in LSP client against `llmcl lsp`: opens an example contract and checks that
-- the diagnostics Neovim received are those `llmcl check --format json` reports for it.
-- Run: nvim --headless -u NONE -i NONE -l nvim_diagnostics.lua LLMCL FILE

local llmcl, file = _G.arg[1], _G.arg[2]
local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  os.exit(1)
end
if not llmcl or not file then
  fail('usage: nvim -l nvim_diagnostics.lua LLMCL FILE')
end

vim.lsp.set_log_level('OFF')
vim.cmd.edit(vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start({
  name = 'llmcl',
  cmd = { llmcl, 'lsp' },
  root_dir = vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(file, ':p'))),
}, { bufnr = buffer })
if not client_id then
  fail('the client did not start')
end

local expected = vim.json.decode(vim.fn.system({ llmcl, 'check', '--format', 'json', file }))
  .diagnostics
local received = {}
local arrived = vim.wait(20000, function()
  received = vim.diagnostic.get(buffer)
  return #received >= #expected and #received > 0
end, 50)
if not arrived then
  fail(('%d diagnostics received, %d expected'):format(#received, #expected))
end

local severities = { error = vim.diagnostic.severity.ERROR, warning = vim.diagnostic.severity.WARN,
  info = vim.diagnostic.severity.INFO }
local function key(d)
  return ('%s %d:%d %s %s'):format(d.code, d.line, d.column, d.severity, d.message)
end
local want, got = {}, {}
for _, d in ipairs(expected) do
  -- The example is ASCII: code points and UTF-16 units agree.
  want[#want + 1] = key({ code = d.code, line = d.line - 1, column = d.column - 1,
    severity = severities[d.severity], message = d.message })
end
for _, d in ipairs(received) do
  got[#got + 1] = key({ code = d.code, line = d.lnum, column = d.col, severity = d.severity,
    message = d.message })
  if d.source ~= 'llmcl' then
    fail('diagnostic source ' .. tostring(d.source))
  end
end
table.sort(want)
table.sort(got)
if table.concat(want, '\n') ~= table.concat(got, '\n') then
  fail('diagnostics differ\nexpected:\n' .. table.concat(want, '\n') .. '\nreceived:\n'
    .. table.concat(got, '\n'))
end

-- Related locations: a conflict names the other clause (in conflicts.llmcl: W3001 and W3002
-- name TerseChannel's `ensure len(response) < 50`).
local other
for number, line in ipairs(vim.api.nvim_buf_get_lines(buffer, 0, -1, false)) do
  if line:find('len(response) < 50', 1, true) then
    other = number - 1
  end
end
local related = 0
for _, d in ipairs(received) do
  for _, info in ipairs(((d.user_data or {}).lsp or {}).relatedInformation or {}) do
    if info.location.uri ~= vim.uri_from_bufnr(buffer) then
      fail('related location in another file: ' .. info.location.uri)
    end
    if info.location.range.start.line == other then
      related = related + 1
    end
  end
end
if other and related == 0 then
  fail('no related location names the clause on line ' .. other)
end

-- Hover through the same client: the first contract's name.
local client = vim.lsp.get_client_by_id(client_id)
local position = { line = 0, character = 0 }
for number, line in ipairs(vim.api.nvim_buf_get_lines(buffer, 0, -1, false)) do
  local at = line:find('^contract ')
  if at then
    position = { line = number - 1, character = 10 }
    break
  end
end
local hover = client.request_sync('textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = position }, 10000, buffer)
if not hover or hover.err or not hover.result or not hover.result.contents.value:find('contract') then
  fail('no hover on the first contract: ' .. vim.inspect(hover))
end

client.stop()
vim.wait(5000, function() return client.is_stopped() end, 50)
print(('%d diagnostics as llmcl check reports them, %d related locations naming line %d')
  :format(#got, related, other + 1))
os.exit(0)
