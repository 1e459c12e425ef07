#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Man pages and shell completions from the programs' own --help texts.

    clidocs.py --llmcl BIN --studio BIN --version V --date YYYY-MM-DD --output DIR

The command line is described once, in the programs: `llmcl --help` lists the commands with a
summary each, `llmcl COMMAND --help` gives the command's usage lines, description, options and
exit codes, and `llmcl-studio --help` is Qt's help of the Studio. This script runs them and
writes llmcl.1, llmcl-studio.1 and the completions for bash (llmcl.bash), zsh (_llmcl) and
fish (llmcl.fish), so none of them can drift from the program (tst_packaging compares them).
"""

import argparse
import os
import re
import subprocess
import sys


def run_help(program, *arguments):
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([program, *arguments], capture_output=True, text=True,
                            env=environment, check=False)
    if result.returncode != 0:
        sys.exit(f"clidocs.py: {program} {' '.join(arguments)} exited with "
                 f"{result.returncode}: {result.stderr.strip()}")
    return result.stdout


def sections(text):
    """Splits a help text into its usage lines and titled sections ("Options:", ...)."""
    lines = text.rstrip("\n").split("\n")
    usage = []
    index = 0
    while index < len(lines) and lines[index].strip():
        usage.append(re.sub(r"^Usage: ", "", lines[index]).strip())
        index += 1
    parts = {"": []}
    title = ""
    for line in lines[index:]:
        # A title is one or two words ("Options:", "Exit codes:", "Commands (...):"), never
        # a sentence of the description that has a colon.
        match = re.match(r"^([A-Z][a-z]+(?: [a-z]+)?)(?: \([^)]*\))?:(.*)$", line)
        if match and not line.startswith(" "):
            title = match.group(1)
            parts[title] = [match.group(2).strip()] if match.group(2).strip() else []
        else:
            parts[title].append(line)
    return usage, parts


def items(lines):
    """The entries of an options list: (signature, description) pairs."""
    entries = []
    for line in lines:
        if not line.strip():
            continue
        match = re.match(r"^  (\S.*?)(?:\s{2,}(.*))?$", line)
        if match and not line.startswith("   "):
            entries.append([match.group(1).strip(), (match.group(2) or "").strip()])
        elif entries:
            entries[-1][1] = (entries[-1][1] + " " + line.strip()).strip()
    return entries


def paragraph(lines):
    return " ".join(line.strip() for line in lines if line.strip())


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text, flags=re.M)


def option_names(signature):
    """The names an option is given by: "-h, --help" -> -h, --help; "--format text|json" ->
    --format (its argument is not a name)."""
    return re.findall(r"(?:^|, )(--?[A-Za-z][\w-]*)", signature)


def choices(signature):
    match = re.search(r"\s([a-z]+(?:\|[a-z]+)+)$", signature)
    return match.group(1).split("|") if match else []


def llmcl_model(llmcl):
    overview = run_help(llmcl, "--help")
    usage, parts = sections(overview)
    commands = []
    for name, summary in items(parts.get("Commands", [])):
        command_usage, command_parts = sections(run_help(llmcl, name, "--help"))
        command_usage = [re.sub(r"^\s*", "", line) for line in command_usage]
        options = items(command_parts.get("Options", []))
        commands.append({
            "name": name,
            "summary": summary,
            "usage": command_usage,
            "description": paragraph(command_parts.get("", [])),
            "options": options,
            "exit": paragraph(command_parts.get("Exit codes", [])),
        })
    return {
        "usage": usage,
        "description": paragraph(parts.get("", [])),
        "options": items(parts.get("Options", [])),
        "exit": paragraph(parts.get("Exit codes", [])),
        "commands": commands,
    }


def write_llmcl_man(model, version, date, path):
    out = [f'.TH LLMCL 1 "{date}" "llmcl {version}" "User Commands"',
           ".SH NAME", "llmcl \\- check, format, evaluate and replay LLM contracts",
           ".SH SYNOPSIS"]
    for line in model["usage"]:
        out += [".nf", roff(line), ".fi"]
    out += [".SH DESCRIPTION", roff(model["description"]),
            "Each command has its own usage and options, below.", ".SH OPTIONS"]
    for signature, description in model["options"]:
        out += [".TP", "\\fB" + roff(signature) + "\\fR", roff(description)]
    out += [".SH COMMANDS"]
    for command in model["commands"]:
        out += [f".SS {command['name']} \\(em {roff(command['summary'])}", ".nf"]
        out += ["\\fB" + roff(line) + "\\fR" for line in command["usage"]]
        out += [".fi", ".PP", roff(command["description"])]
        for signature, description in command["options"]:
            out += [".TP", "\\fB" + roff(signature) + "\\fR", roff(description)]
        if command["exit"]:
            out += [".PP", "Exit codes: " + roff(command["exit"])]
    out += [".SH EXIT STATUS", roff(model["exit"]),
            ".SH SEE ALSO", "\\fBllmcl\\-studio\\fR(1);",
            "the language reference and the command line in /usr/share/doc/llmcl/."]
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(out) + "\n")


def write_studio_man(studio, version, date, path):
    usage, parts = sections(run_help(studio, "--help"))
    synopsis = re.sub(r"^\S*llmcl-studio", "llmcl-studio", usage[0])
    description = usage[1] if len(usage) > 1 else ""
    out = [f'.TH LLMCL\\-STUDIO 1 "{date}" "llmcl-studio {version}" "User Commands"',
           ".SH NAME", "llmcl\\-studio \\- write and debug LLM contracts",
           ".SH SYNOPSIS", ".nf", roff(synopsis), ".fi",
           ".SH DESCRIPTION", roff(description),
           "It opens a workspace folder, or a contract file with its folder as the workspace.",
           ".SH OPTIONS"]
    for signature, text in items(parts.get("Options", [])):
        out += [".TP", "\\fB" + roff(signature) + "\\fR", roff(text)]
    out += [".SH ARGUMENTS"]
    for signature, text in items(parts.get("Arguments", [])):
        out += [".TP", "\\fI" + roff(signature) + "\\fR", roff(text)]
    out += [".SH SEE ALSO", "\\fBllmcl\\fR(1)"]
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(out) + "\n")


def write_bash(model, path):
    names = " ".join(command["name"] for command in model["commands"])
    cases = []
    for command in model["commands"]:
        options = sorted({name for signature, _ in command["options"]
                          for name in option_names(signature)})
        values = []
        for signature, _ in command["options"]:
            if choices(signature):
                for name in option_names(signature):
                    values.append(f"            {name}) COMPREPLY=($(compgen -W "
                                  f"\"{' '.join(choices(signature))}\" -- \"$cur\")); return ;;")
        cases.append(f"        {command['name']})\n"
                     f"            case \"$prev\" in\n" + "\n".join(values)
                     + ("\n" if values else "")
                     + "            esac\n"
                     f"            options=\"{' '.join(options)}\" ;;")
    text = f"""# bash completion for llmcl, generated from its --help by packaging/clidocs.py
_llmcl() {{
    local cur prev options
    cur=${{COMP_WORDS[COMP_CWORD]}}
    prev=${{COMP_WORDS[COMP_CWORD-1]}}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "{names} --help --version" -- "$cur"))
        return
    fi
    case "${{COMP_WORDS[1]}}" in
{chr(10).join(cases)}
        *) return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
complete -o filenames -F _llmcl llmcl
"""
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def quote_single(text):
    return text.replace("'", "'\\''")


def write_zsh(model, path):
    lines = ["#compdef llmcl", "# zsh completion for llmcl, generated from its --help by "
             "packaging/clidocs.py", "_llmcl() {", "    local -a commands",
             "    commands=("]
    for command in model["commands"]:
        lines.append(f"        '{command['name']}:{quote_single(command['summary'])}'")
    lines += ["    )", "    if (( CURRENT == 2 )); then",
              "        _describe 'command' commands", "        return", "    fi",
              "    case $words[2] in"]
    for command in model["commands"]:
        specs = []
        for signature, description in command["options"]:
            summary = quote_single(description.split(";")[0].replace("[", "(").replace(
                "]", ")").replace(":", " "))[:70]
            values = choices(signature)
            for name in option_names(signature):
                action = f":value:({' '.join(values)})" if values else ""
                specs.append(f"'{name}[{summary}]{action}'")
        lines.append(f"        {command['name']}) _arguments {' '.join(specs)} "
                     "'*:file:_files' ;;")
    lines += ["    esac", "}", '_llmcl "$@"']
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


def write_fish(model, path):
    lines = ["# fish completion for llmcl, generated from its --help by packaging/clidocs.py",
             "complete -c llmcl -n __fish_use_subcommand -s h -l help -d 'show the help'",
             "complete -c llmcl -n __fish_use_subcommand -s V -l version -d 'show the version'"]
    for command in model["commands"]:
        lines.append(f"complete -c llmcl -f -n __fish_use_subcommand -a {command['name']} "
                     f"-d '{quote_single(command['summary'])}'")
    for command in model["commands"]:
        condition = f"'__fish_seen_subcommand_from {command['name']}'"
        for signature, description in command["options"]:
            summary = quote_single(description.split(";")[0])[:70]
            values = choices(signature)
            for name in option_names(signature):
                flag = f"-l {name[2:]}" if name.startswith("--") else f"-s {name[1:]}"
                extra = f" -xa '{' '.join(values)}'" if values else ""
                lines.append(f"complete -c llmcl -n {condition} {flag}{extra} -d '{summary}'")
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--llmcl", required=True)
    parser.add_argument("--studio", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--date", required=True)
    parser.add_argument("--output", required=True)
    arguments = parser.parse_args()
    os.makedirs(arguments.output, exist_ok=True)
    model = llmcl_model(arguments.llmcl)
    if not model["commands"]:
        sys.exit("clidocs.py: found no command in `llmcl --help`")
    output = arguments.output
    write_llmcl_man(model, arguments.version, arguments.date, os.path.join(output, "llmcl.1"))
    write_studio_man(arguments.studio, arguments.version, arguments.date,
                     os.path.join(output, "llmcl-studio.1"))
    write_bash(model, os.path.join(output, "llmcl.bash"))
    write_zsh(model, os.path.join(output, "_llmcl"))
    write_fish(model, os.path.join(output, "llmcl.fish"))


if __name__ == "__main__":
    main()
