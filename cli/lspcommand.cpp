// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/arguments.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/lspserver.h"
#include "cli/lsptransport.h"

#include <csignal>
#include <ostream>
#include <unistd.h>

namespace llmcl::cli {

void printLspHelp(std::ostream &out)
{
    out << "Usage: llmcl lsp [--stdio]\n"
           "\n"
           "Runs the LLMCL language server: JSON-RPC 2.0 over standard input and output\n"
           "(Language Server Protocol 3.17), for editors other than the Studio. It offers\n"
           "the Studio's diagnostics (as llmcl check reports them), completion, hover,\n"
           "signature help, definitions, symbols, formatting (as llmcl fmt), renaming of\n"
           "contracts, fix-its as code actions, folding, semantic tokens, and live clause\n"
           "verdicts for a sample turn (the llmcl/evaluate request, inlay hints after\n"
           "llmcl/setSample). Editors start it themselves; see docs/lsp.md.\n"
           "\n"
           "Options:\n"
           "  --stdio     talk over standard input and output (the default and only way)\n"
           "  -h, --help  show this help and exit\n"
           "\n"
           "Exit codes: 0 the client sent shutdown then exit, 1 the input ended or exit\n"
           "came without shutdown, 2 usage error.\n";
}

int runLsp(std::span<const std::string_view> arguments, std::ostream &out, std::ostream &err)
{
    Arguments args("lsp", {{"--stdio", false}});
    if (!args.parse(arguments)) {
        err << args.error() << '\n';
        return kExitUsage;
    }
    if (args.helpRequested()) {
        printLspHelp(out);
        return kExitSuccess;
    }
    if (!args.operands().empty()) {
        err << args.usageError("takes no FILE: the client opens documents") << '\n';
        return kExitUsage;
    }
    // A client that goes away must end the server through a failed write, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    out.flush();
    LspTransport transport(STDIN_FILENO, STDOUT_FILENO);
    LspServer server(transport);
    return server.run();
}

} // namespace llmcl::cli
