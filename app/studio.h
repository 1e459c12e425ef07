// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QApplication;
class QCoreApplication;

namespace llmcl::app {

// The commit the program was built from ("" outside a git checkout), shown by --version and
// the About box. Called by main() before anything else.
void setBuildCommit(const char *commit);

// Whether the command line only asks for text (--help, --version): main() then answers it with
// a QCoreApplication, which needs no display (a package test or an SSH session has none).
bool answersWithoutWindow(int argc, char *argv[]);
// Prints the help or the version and returns the exit code.
int answerWithoutWindow(QCoreApplication &application);

// Before the QApplication is made: names the application and turns Qt's fatal report of an
// unreachable display into one sentence naming DISPLAY, Xvfb and QT_QPA_PLATFORM (exit 2).
void prepareForWindow();

// Reads the command line (--help, --version, a file or folder to open, and the options the
// benchmarks and README screenshots use), opens the main window and runs the event loop.
// Returns the process exit code.
int runStudio(QApplication &application);

} // namespace llmcl::app
