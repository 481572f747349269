'use strict';
// Loads the VS Code extension (editors/vscode/extension.js) with the real
// vscode-languageclient but a fake `vscode` module, calls activate(), and
// prints, as JSON, what the client spawned and what it was told: the test
// compares that with what the extension must do.
//   node activate.js EXTENSION_DIR KAM_PATH
const Module = require('module');
const path = require('path');
const childProcess = require('child_process');
const { EventEmitter } = require('events');

const [extensionDir, kamPath] = process.argv.slice(2);
const seen = { spawned: [], watchers: [], commands: [], errors: [] };

// Whatever the client asks of VS Code beyond what is stubbed below: a
// function that returns a disposable stub again, so the client's
// constructor runs; `then` stays undefined so nothing looks like a promise.
function anything() {
  const target = function () {};
  return new Proxy(target, {
    get(_, key) {
      if (key === 'then' || typeof key === 'symbol') return undefined;
      if (key === 'dispose') return () => {};
      return anything();
    },
    apply() { return anything(); },
    construct() { return anything(); },
  });
}

function withFallback(object) {
  return new Proxy(object, {
    get(target, key) {
      if (key in target || key === 'then' || typeof key === 'symbol') return target[key];
      return anything();
    },
  });
}

const vscode = withFallback({
  version: '1.82.0',
  workspace: withFallback({
    getConfiguration(section) {
      return { get: (key, fallback) => (section === 'kam' && key === 'path' ? kamPath : fallback) };
    },
    createFileSystemWatcher(glob) {
      seen.watchers.push(glob);
      return { dispose() {}, onDidCreate: anything(), onDidChange: anything(), onDidDelete: anything() };
    },
    onDidChangeConfiguration() { return { dispose() {} }; },
    workspaceFolders: undefined,
  }),
  window: withFallback({
    showErrorMessage(message) { seen.errors.push(message); return Promise.resolve(undefined); },
  }),
  commands: withFallback({
    registerCommand(name) { seen.commands.push(name); return { dispose() {} }; },
  }),
});

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

// Record the server process instead of starting one: a child whose streams
// never speak, so the client waits for the initialize answer; the script
// ends as soon as the spawn is seen.
childProcess.spawn = function (command, args, options) {
  seen.spawned.push({ command, args });
  const child = new EventEmitter();
  child.pid = 4242;
  const { PassThrough } = require('stream');
  child.stdin = new PassThrough();
  child.stdout = new PassThrough();
  child.stderr = new PassThrough();
  child.kill = () => true;
  return child;
};

const clientModule = require(require.resolve('vscode-languageclient/node', { paths: [extensionDir] }));
const constructed = [];
const Original = clientModule.LanguageClient;
clientModule.LanguageClient = class extends Original {
  constructor(id, name, serverOptions, clientOptions) {
    super(id, name, serverOptions, clientOptions);
    constructed.push({ id, name, serverOptions, clientOptions });
  }
};

const extension = require(path.join(extensionDir, 'extension.js'));
const context = { subscriptions: [] };
extension.activate(context);

setTimeout(() => {
  const client = constructed[0] || {};
  const options = client.clientOptions || {};
  const report = {
    clients: constructed.length,
    id: client.id,
    serverOptions: client.serverOptions,
    documentSelector: options.documentSelector,
    fileEvents: (options.synchronize && options.synchronize.fileEvents || []).length,
    watchers: seen.watchers,
    commands: seen.commands,
    subscriptions: context.subscriptions.length,
    spawned: seen.spawned,
    errors: seen.errors,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(0);
}, 500);
