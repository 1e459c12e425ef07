// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace llmcl::app {

class MainWindow;

// The scripted tour behind `llmcl-studio --tour DIR` (the pictures of the README and docs/, see
// docs/development.md, "Screenshots"). On the window's workspace (the example workspace, whose
// files the tour names: quality.llmcl, support.llmcl, sessions.jsonl) it saves PNG pictures of
// the window, 1400x900 logical pixels, into `directory` (created when missing), one of each mode
// in its default layout first:
//
// - studio-mode-edit.png: the Edit mode, quality.llmcl with a sample in the Live Evaluation dock
//   that some clauses pass and some fail, the verdicts in the editor's gutter and annotations;
// - studio-mode-debug.png: the Debug mode, support.llmcl stepped to turn 2 of a captured
//   conversation in the Conversation Stepper, the Sessions and Trace docks beside it;
// - studio-trace.png: the Trace dock, taller, with that turn's timeline and clause events;
// - studio-mode-runs.png: the Runs mode, the example sessions replayed from the window, in the
//   runs list above the run's Overview;
// - studio-run-overview.png, studio-run-latency.png, studio-run-violations.png (with the
//   failing turns of turn number 1 drilled down), studio-run-fixes.png,
//   studio-run-conflicts.png: its dashboards; studio-run-comparison.png: the comparison with a
//   replay of an edit.
//
// The status bar's message is cleared before each picture (it names files by absolute paths).
// The window's workspace should be a copy made by copyTourWorkspace(): the replay stores a run
// in the workspace's database.
//
// Call it before the window is shown: it waits for the window's first paint, then drives the
// window from the event loop and ends the application with QApplication::exit(0), or exit(2)
// after writing the reason to stderr when a step fails or does not finish within 20 s. GUI
// thread only.
void runTour(MainWindow &window, const QString &directory);

// Copies the files of `workspace` (not its database) into `directory`/examples, replacing an
// earlier copy, and returns the copy's path; an empty string and `error` when it fails.
QString copyTourWorkspace(const QString &workspace, const QString &directory, QString *error);

} // namespace llmcl::app
