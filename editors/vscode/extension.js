'use strict';
// The kam extension: starts `kam lsp --stdio` for the Markdown files of the
// workspace and lets vscode-languageclient do the rest (diagnostics,
// completion, hover, definition, references, rename, symbols, code actions).
// kam itself decides which files are plans: those under a kam.yaml inside a
// workspace folder; it ignores every other Markdown file.

const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

// kam.path as the user wrote it, with a leading ~ meaning the home folder
// (VS Code expands no variables in settings of its own).
function kamPath() {
  const configured = vscode.workspace.getConfiguration('kam').get('path') || 'kam';
  if (configured === '~' || configured.startsWith('~/'))
    return path.join(os.homedir(), configured.slice(1));
  return configured;
}

function createClient() {
  // No transport: the client would append its own --stdio; kam lsp gets
  // exactly the arguments given here.
  const serverOptions = { command: kamPath(), args: ['lsp', '--stdio'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    // The server learns of changes on disk (a git checkout, a pull, kam.yaml
    // edited elsewhere) through workspace/didChangeWatchedFiles.
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.md'),
        vscode.workspace.createFileSystemWatcher('**/kam.yaml'),
      ],
    },
  };
  // The id 'kam' makes the client read the kam.trace.server setting.
  return new LanguageClient('kam', 'kam', serverOptions, clientOptions);
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    vscode.window.showErrorMessage(
      `kam: could not start '${kamPath()} lsp --stdio' (${message}). ` +
      'Install kam or set "kam.path" to the kam program.');
  }
}

async function stop() {
  if (!client)
    return;
  const running = client;
  client = undefined;
  try {
    await running.stop();
  } catch (err) {
    // a server that never started cannot be stopped: nothing to do
  }
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('kam.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('kam.path'))
        restart();
    }));
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
