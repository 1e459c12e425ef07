// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QApplication>
#include <QElapsedTimer>

#include <cstdio>
#include <vector>

// The QApplication of the Qt benchmarks (bench_editor.cpp, bench_studio_replay.cpp).
// Times every event the GUI thread delivers while `recording` is set: the outermost notify()
// only (an event handled inside another's handler is part of it).
class BenchApplication : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!recording || depth > 0) {
            ++depth;
            const bool handled = QApplication::notify(receiver, event);
            --depth;
            return handled;
        }
        ++depth;
        const qint64 start = clock.nsecsElapsed();
        const bool handled = QApplication::notify(receiver, event);
        const double ms = double(clock.nsecsElapsed() - start) / 1e6;
        eventMs.push_back(ms);
        // LLMCL_BENCH_SLOW_EVENTS=1 names the events over 16 ms on stderr, to find the culprit.
        if (ms > 16.0 && qEnvironmentVariableIsSet("LLMCL_BENCH_SLOW_EVENTS"))
            fprintf(stderr, "slow event: %.1f ms, type %d, receiver %s\n", ms, int(event->type()),
                receiver->metaObject()->className());
        --depth;
        return handled;
    }

    void startRecording()
    {
        eventMs.clear();
        clock.start();
        recording = true;
    }
    void stopRecording() { recording = false; }

    std::vector<double> eventMs;

private:
    QElapsedTimer clock;
    bool recording = false;
    int depth = 0;
};
