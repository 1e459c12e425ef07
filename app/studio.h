// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QApplication;

namespace llmcl::app {

// Reads the command line (--help, --version, a file or folder to open, and the options the
// benchmarks and README screenshots use), opens the main window and runs the event loop.
// Returns the process exit code.
int runStudio(QApplication &application);

} // namespace llmcl::app
