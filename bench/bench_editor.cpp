// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Highlighting speed of the contract editor: a generated contract file of N lines styled from
// scratch by the editor's KSyntaxHighlighting lexer, and by KSyntaxHighlighting alone.
#include "editor/contracteditor.h"
#include "editor/highlightinglexer.h"

#include <QApplication>
#include <QStringList>

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>

#include <benchmark/benchmark.h>

namespace {

// A contract file of `lines` lines built from the constructs of the example workspace: header
// options, clauses with options, regex raw strings, comments, temporal formulas, non-ASCII text.
QString generateContractFile(int lines)
{
    static const QStringList block = {
        QStringLiteral("// Generated benchmark contract: safety rules, part %1"),
        QStringLiteral(
            "contract Safety%1(priority = high, conflict_resolution = most_restrictive,"),
        QStringLiteral("                  fix_strategy = best_fix, max_input = 4000) {"),
        QStringLiteral("    require len(content) <= max_input message: \"Input too long\""),
        QStringLiteral("        auto_fix: content[:max_input]"),
        QStringLiteral("    ensure not match(response, r\"(?i)\\b(password|secret|token)\\b\")"),
        QStringLiteral(
            "        message: \"Response contains sensitive information\" severity: critical"),
        QStringLiteral("    # JSON answers must parse"),
        QStringLiteral(
            "    ensure if starts_with(trim(response), \"{\") then json_valid(response) else true"),
        QStringLiteral("        tags: [\"format\", \"json\"] confidence: 0.9"),
        QStringLiteral("    /* Refund requests: the policy must be cited within two turns."),
        QStringLiteral("       Réponse attendue: « politique » 😀 */"),
        QStringLiteral("    temporal always (match(content, \"(?i)refund\") implies within 2 "
                       "contains(response, \"policy\"))"),
        QStringLiteral("    ensure_prob word_count(response) >= 5, 0.95 window_size: 100"),
        QStringLiteral("}"),
        QString(),
    };
    QString text;
    text.reserve(lines * 60);
    for (int line = 0; line < lines; ++line) {
        const QString &pattern = block[line % block.size()];
        text += pattern.contains(QLatin1String("%1")) ? pattern.arg(line / block.size()) : pattern;
        text += QLatin1Char('\n');
    }
    return text;
}

void highlightInEditor(benchmark::State &state)
{
    KSyntaxHighlighting::Repository repository;
    llmcl::editor::ContractEditor editor(repository);
    const QString text = generateContractFile(int(state.range(0)));
    editor.setText(text);
    for (auto _ : state) {
        // Everything counts as unstyled again, then the whole document is styled.
        editor.SendScintilla(QsciScintillaBase::SCI_STARTSTYLING, 0);
        editor.SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, -1);
        benchmark::DoNotOptimize(editor.SendScintilla(QsciScintillaBase::SCI_GETENDSTYLED));
    }
    state.SetBytesProcessed(state.iterations() * text.toUtf8().size());
    state.counters["lines"] = double(state.range(0));
}
BENCHMARK(highlightInEditor)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

class NullHighlighter : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    using AbstractHighlighter::highlightLine;

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        benchmark::DoNotOptimize(offset + length);
        benchmark::DoNotOptimize(&format);
    }
};

void highlightKSyntaxHighlightingOnly(benchmark::State &state)
{
    KSyntaxHighlighting::Repository repository;
    NullHighlighter highlighter;
    highlighter.setDefinition(repository.definitionForName(QStringLiteral("LLMCL")));
    highlighter.setTheme(repository.defaultTheme());
    const QStringList lines = generateContractFile(int(state.range(0))).split(QLatin1Char('\n'));
    for (auto _ : state) {
        KSyntaxHighlighting::State lineState;
        for (const QString &line : lines)
            lineState = highlighter.highlightLine(line, lineState);
    }
    state.counters["lines"] = double(state.range(0));
}
BENCHMARK(highlightKSyntaxHighlightingOnly)->Arg(10000)->Unit(benchmark::kMillisecond);

void openFileInEditor(benchmark::State &state)
{
    KSyntaxHighlighting::Repository repository;
    const QString text = generateContractFile(int(state.range(0)));
    for (auto _ : state) {
        llmcl::editor::ContractEditor editor(repository);
        editor.setText(text);
        editor.SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0, -1);
    }
    state.counters["lines"] = double(state.range(0));
}
BENCHMARK(openFileInEditor)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QApplication application(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
