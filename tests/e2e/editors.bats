#!/usr/bin/env bats
# The editor setups: the VS Code extension in editors/vscode (its manifest,
# its code, what activate() starts, with the real vscode-languageclient when
# `make vsix` has installed it) and the code blocks of docs/editors.md.
# No network: nothing here runs npm.

load helpers

EXT="$ROOT/editors/vscode"

# A field of the extension's package.json, as JSON.
manifest() {
	/usr/bin/python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2:]:
    value = value[int(key)] if isinstance(value, list) else value[key]
print(json.dumps(value))' "$EXT/package.json" "$@"
}

@test "editors: the extension's package.json is JSON: name, publisher, kam's version, engines.vscode, main" {
	run manifest name
	assert_output '"kam"'
	run manifest publisher
	assert_output '"kam"'
	# a semantic version, kam's at a release tag (make vsix checks that)
	run manifest version
	assert_output --regexp '^"[0-9]+\.[0-9]+\.[0-9]+"$'
	run manifest engines vscode
	assert_output '"^1.82.0"'
	run manifest main
	assert_output '"./extension.js"'
	[ -f "$EXT/extension.js" ]
}

@test "editors: the extension activates on Markdown and in a workspace with a kam.yaml" {
	run manifest activationEvents
	assert_output '["onLanguage:markdown", "workspaceContains:**/kam.yaml"]'
}

@test "editors: the extension's settings: kam.path (default kam) and kam.trace.server (off, messages, verbose)" {
	run manifest contributes configuration properties kam.path type
	assert_output '"string"'
	run manifest contributes configuration properties kam.path default
	assert_output '"kam"'
	run manifest contributes configuration properties kam.trace.server enum
	assert_output '["off", "messages", "verbose"]'
	run manifest contributes configuration properties kam.trace.server default
	assert_output '"off"'
	run manifest contributes commands 0 command
	assert_output '"kam.restartServer"'
}

@test "editors: the extension's dependencies are pinned, and package-lock.json locks the same versions" {
	run manifest dependencies
	assert_output '{"vscode-languageclient": "9.0.1"}'
	run manifest devDependencies
	assert_output '{"@vscode/vsce": "3.9.2"}'
	run /usr/bin/python3 -c 'import json, sys
lock = json.load(open(sys.argv[1]))
packages = lock["packages"]
print(lock["lockfileVersion"], packages[""]["dependencies"], packages[""]["devDependencies"])
print(packages["node_modules/vscode-languageclient"]["version"], packages["node_modules/@vscode/vsce"]["version"])' "$EXT/package-lock.json"
	assert_success
	assert_line --index 0 "3 {'vscode-languageclient': '9.0.1'} {'@vscode/vsce': '3.9.2'}"
	assert_line --index 1 "9.0.1 3.9.2"
}

@test "editors: the extension's marketplace files are there; the .vsix leaves out what it must" {
	[ -s "$EXT/README.md" ]
	grep -q '^## Settings' "$EXT/README.md"
	version=$(manifest version | tr -d '"')
	grep -qx "## $version" "$EXT/CHANGELOG.md"
	grep -qx '\*\.vsix' "$EXT/.vscodeignore"
	grep -qx 'node_modules/' "$EXT/.gitignore"
}

@test "editors: extension.js passes node --check" {
	command -v node >/dev/null || skip "node is not installed"
	run node --check "$EXT/extension.js"
	assert_success
	assert_output ''
}

@test "editors: activate() starts a LanguageClient that spawns kam.path lsp --stdio for Markdown files, watching *.md and kam.yaml" {
	command -v node >/dev/null || skip "node is not installed"
	[ -d "$EXT/node_modules/vscode-languageclient" ] ||
		skip "editors/vscode/node_modules is absent: run 'make vsix' (it needs the npm registry) to test activate()"
	run node "$ROOT/tests/e2e/editors/activate.js" "$EXT" /opt/kam/bin/kam
	assert_success
	assert_output '{"clients":1,"id":"kam","serverOptions":{"command":"/opt/kam/bin/kam","args":["lsp","--stdio"]},"documentSelector":[{"scheme":"file","language":"markdown"}],"fileEvents":2,"watchers":["**/*.md","**/kam.yaml"],"commands":["kam.restartServer"],"subscriptions":2,"spawned":[{"command":"/opt/kam/bin/kam","args":["lsp","--stdio"]}],"errors":[]}'
}

@test "editors: kam.path '~/bin/kam' starts the home folder's kam" {
	command -v node >/dev/null || skip "node is not installed"
	[ -d "$EXT/node_modules/vscode-languageclient" ] ||
		skip "editors/vscode/node_modules is absent: run 'make vsix' (it needs the npm registry) to test activate()"
	run node "$ROOT/tests/e2e/editors/activate.js" "$EXT" '~/bin/kam'
	assert_success
	assert_output --partial "\"spawned\":[{\"command\":\"$HOME/bin/kam\",\"args\":[\"lsp\",\"--stdio\"]}]"
}

@test "editors: every TOML block of docs/editors.md parses (tomllib), every JSON block too" {
	run /usr/bin/python3 "$ROOT/tests/e2e/editors/blocks.py" "$ROOT/docs/editors.md" "$WORK"
	assert_success
	# every setup is there: toml (helix, zed's extension.toml and Cargo.toml),
	# json (zed, sublime, vscode yaml schemas and tasks), lua (nvim 0.11, 0.8, 0.7,
	# nvim-lint, yamlls, on save)
	assert_output --partial "json=4"
	assert_output --partial "lua=6"
	assert_output --partial "toml=3"
}

@test "editors: every Lua block of docs/editors.md compiles (luac -p, else Neovim's loadfile)" {
	run /usr/bin/python3 "$ROOT/tests/e2e/editors/blocks.py" "$ROOT/docs/editors.md" "$WORK"
	assert_success
	luac=$(command -v luac luac5.4 luac5.3 luac5.1 2>/dev/null | head -1)
	if [ -z "$luac" ] && ! command -v nvim >/dev/null; then
		skip "neither luac nor nvim is installed"
	fi
	for block in "$WORK"/*.lua; do
		if [ -n "$luac" ]; then
			run "$luac" -p "$block"
		else
			run nvim --headless -u NONE -i NONE \
				-c "lua local ok, err = loadfile('$block'); if not ok then io.stderr:write(err, '\n'); vim.cmd('cquit 1') end" \
				-c 'quit'
		fi
		[ "$status" -eq 0 ] || { echo "$block: $output"; sed = "$block"; false; }
	done
}

@test "editors: the Lua check catches a broken block (it is not a no-op)" {
	luac=$(command -v luac luac5.4 luac5.3 luac5.1 2>/dev/null | head -1)
	[ -n "$luac" ] || command -v nvim >/dev/null || skip "neither luac nor nvim is installed"
	printf 'vim.lsp.start({ name = "kam"\n' >"$WORK/broken.lua"
	if [ -n "$luac" ]; then
		run "$luac" -p "$WORK/broken.lua"
	else
		run nvim --headless -u NONE -i NONE \
			-c "lua local ok, err = loadfile('$WORK/broken.lua'); if not ok then io.stderr:write(err, '\n'); vim.cmd('cquit 1') end" \
			-c 'quit'
	fi
	assert_failure
}
