// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include <iostream>
#include <string_view>
#include <vector>

int main(int argc, char *argv[])
{
    std::ios::sync_with_stdio(false);
    std::vector<std::string_view> arguments(argv + 1, argv + argc);
    return llmcl::cli::run(arguments, std::cout, std::cerr);
}
