-- The Neovim side of test/editors/neovim.test.ts: Neovim 0.7's built-in client as a user sets it up
-- (vim.lsp.start_client, settings in init_options, the omnifunc), then the keys a user types. Each step
-- waits for what it needs and writes what it saw, one JSON line each, to $AWS_CICD_OUT.
local out = assert(os.getenv('AWS_CICD_OUT'))

local function log(record)
  local f = assert(io.open(out, 'a'))
  f:write(vim.json.encode(record) .. '\n')
  f:close()
end

local function keys(k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'n', false)
end

-- Runs `step` once `ready()` holds, checking every 20 ms; gives up (and quits) after 20 s.
local function when(what, ready, step)
  local started = vim.loop.now()
  local function tick()
    if ready() then return step() end
    if vim.loop.now() - started > 20000 then
      log({ timeout = what })
      return vim.cmd('qa!')
    end
    vim.defer_fn(tick, 20)
  end
  tick()
end

vim.cmd('edit ' .. vim.fn.fnameescape(assert(os.getenv('AWS_CICD_FILE'))))
local client = vim.lsp.start_client({
  name = 'aws-cicd',
  cmd = { assert(os.getenv('AWS_CICD_NODE')), assert(os.getenv('AWS_CICD_SERVER')), '--stdio' },
  root_dir = vim.fn.getcwd(),
  -- Neovim 0.7 does not declare workspace/configuration: settings go in the initialization options.
  init_options = { awsCicd = { diagnostics = { rules = { ['float-version'] = 'off' } } } },
})
vim.lsp.buf_attach_client(0, client)
vim.bo.omnifunc = 'v:lua.vim.lsp.omnifunc'

when('diagnostics', function() return #vim.diagnostic.get(0) > 0 end, function()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(found, { line = d.lnum, code = d.code, message = d.message })
  end
  log({ diagnostics = found })
  -- The quick fix, as vim.lsp.buf.code_action() asks for it (the line's diagnostics in the context)
  -- and applies the chosen action's edit.
  vim.api.nvim_win_set_cursor(0, { found[1].line + 1, 4 })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0) }
  local answers = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000) or {}
  local actions = {}
  for _, answer in pairs(answers) do
    for _, action in ipairs(answer.result or {}) do table.insert(actions, action) end
  end
  local titles = {}
  for _, action in ipairs(actions) do table.insert(titles, action.title) end
  log({ actions = titles })
  if actions[1] and actions[1].edit then vim.lsp.util.apply_workspace_edit(actions[1].edit, 'utf-16') end
  -- The start of a top-level key on a new last line (typing it would take the indentation above), then
  -- omni completion at its end (CTRL-X CTRL-O) as a user types it.
  vim.api.nvim_buf_set_lines(0, -1, -1, false, { 'ar' })
  vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(0), 0 })
  keys('A<C-x><C-o>')
  when('completion', function() return #vim.fn.complete_info({ 'items' }).items > 0 end, function()
    local words = {}
    for _, item in ipairs(vim.fn.complete_info({ 'items' }).items) do table.insert(words, item.word) end
    log({ words = words })
    -- The first match is already in the line (completeopt without noselect); leaving insert mode keeps it.
    keys('<Esc>')
    when('normal mode', function() return vim.fn.mode() == 'n' end, function()
      log({ lines = vim.api.nvim_buf_get_lines(0, 0, -1, false) })
      vim.cmd('qa!')
    end)
  end)
end)
