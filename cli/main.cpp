// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include <csignal>
#include <iostream>
#include <string_view>
#include <vector>

int main(int argc, char *argv[])
{
    std::ios::sync_with_stdio(false);
#if defined(SIGXFSZ)
    // A file-size limit reached while writing (ulimit -f, quotas) is an I/O error to report
    // (EFBIG), like a full disk, not a reason to die without a message.
    std::signal(SIGXFSZ, SIG_IGN);
#endif
    std::vector<std::string_view> arguments(argv + 1, argv + argc);
    return llmcl::cli::run(arguments, std::cout, std::cerr);
}
