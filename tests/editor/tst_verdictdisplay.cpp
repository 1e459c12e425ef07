// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contracteditor.h"
#include "editor/liveevaluator.h"
#include "editor/verdictdisplay.h"
#include "engine/languageservice.h"

#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <Qsci/qscilexer.h>

#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <memory>

using llmcl::editor::ContractEditor;
using llmcl::editor::LiveEvaluation;
using llmcl::editor::LiveEvaluator;
using llmcl::editor::VerdictDisplay;
using llmcl::engine::ClauseStatus;

namespace {

// With a short response (0-based lines): 1 fails, 2 passes, 3 errors, 4 (input phase) passes.
const char *const kContracts = R"(contract Replies {
    ensure len(response) >= 20 message: "Response too short"
    ensure len(response) < 1000
    ensure 1 / (len(content) - len(content)) > 0
    require len(content) > 0
}
)";

} // namespace

// The verdicts of a live evaluation in the contract editor: a marker per status on the clause's
// line in the verdict margin only, annotations with explanation and message, positions mapped
// through edits made after the analysis, greyed when stale, and no work for an unchanged result.
class TestVerdictDisplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void marginsAndMasks();
    void markersPerStatus_data();
    void markersPerStatus();
    void annotationsText();
    void unchangedResultTouchesNothing();
    void resultAfterEditsLandsOnCurrentLines();
    void deletedLinesAreRedrawn();
    void staleIsGreyed();
    void clearRemovesEverything();
    void noteAfterTheClausesLastLine();
    void themeChangeRestylesNotes();

private:
    std::shared_ptr<const LiveEvaluation> evaluate(
        const QString &response, quint64 revision, const char *contracts = kContracts);
    bool hasMarker(int line, ClauseStatus status) const
    {
        return m_editor->markersAtLine(line) & (1u << m_display->markerNumber(status));
    }

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    ContractEditor *m_editor = nullptr;
    VerdictDisplay *m_display = nullptr;
    LiveEvaluator *m_evaluator = nullptr;
};

void TestVerdictDisplay::initTestCase()
{
    m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
}

void TestVerdictDisplay::init()
{
    m_editor = new ContractEditor(*m_repository);
    m_editor->setText(QString::fromUtf8(kContracts));
    m_display = VerdictDisplay::of(m_editor);
    m_evaluator = new LiveEvaluator;
}

void TestVerdictDisplay::cleanup()
{
    delete m_evaluator;
    delete m_editor;
    QThreadPool::globalInstance()->waitForDone();
}

std::shared_ptr<const LiveEvaluation> TestVerdictDisplay::evaluate(
    const QString &response, quint64 revision, const char *contracts)
{
    QSignalSpy changed(m_evaluator, &LiveEvaluator::evaluationChanged);
    m_evaluator->setSample(QStringLiteral("Hi"), response, QString());
    m_evaluator->setContracts(
        llmcl::engine::LanguageService::analyse("live.llmcl", contracts).compileResult().set,
        revision, "live.llmcl");
    [&] { QTRY_VERIFY(changed.count() >= 1 && !m_evaluator->isBusy()); }();
    return m_evaluator->evaluation();
}

void TestVerdictDisplay::marginsAndMasks()
{
    QCOMPARE(VerdictDisplay::of(m_editor), m_display); // one per editor
    QVERIFY(m_editor->margins() > VerdictDisplay::kVerdictMargin);
    QCOMPARE(m_editor->marginType(VerdictDisplay::kVerdictMargin), QsciScintilla::SymbolMargin);
    QVERIFY(m_editor->marginWidth(VerdictDisplay::kVerdictMargin) > 0);
    int ours = 0;
    for (const auto status : {ClauseStatus::Pass, ClauseStatus::Fail, ClauseStatus::Error,
             ClauseStatus::Pending, ClauseStatus::Suppressed})
        ours |= 1 << m_display->markerNumber(status);
    QCOMPARE(m_display->markerNumber(ClauseStatus::Skipped),
        m_display->markerNumber(ClauseStatus::Pending));
    // Five distinct markers.
    QCOMPARE(qPopulationCount(quint32(ours)), 5);
    int theirs = 0;
    for (const auto severity : {llmcl::engine::Severity::Error, llmcl::engine::Severity::Warning,
             llmcl::engine::Severity::Info})
        theirs |= 1 << m_editor->markerNumber(severity);
    QCOMPARE(m_editor->marginMarkerMask(VerdictDisplay::kVerdictMargin), ours);
    QCOMPARE(m_editor->marginMarkerMask(ContractEditor::kDiagnosticsMargin) & ours, 0);
    QCOMPARE(m_editor->marginMarkerMask(ContractEditor::kDiagnosticsMargin), theirs);
}

void TestVerdictDisplay::markersPerStatus_data()
{
    QTest::addColumn<QString>("response");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("status");
    QTest::newRow("fail") << QStringLiteral("short") << 1 << int(ClauseStatus::Fail);
    QTest::newRow("pass") << QStringLiteral("short") << 2 << int(ClauseStatus::Pass);
    QTest::newRow("error") << QStringLiteral("short") << 3 << int(ClauseStatus::Error);
    QTest::newRow("require-pass") << QStringLiteral("short") << 4 << int(ClauseStatus::Pass);
    QTest::newRow("pending-without-response") << QString() << 1 << int(ClauseStatus::Skipped);
}

void TestVerdictDisplay::markersPerStatus()
{
    QFETCH(QString, response);
    QFETCH(int, line);
    QFETCH(int, status);
    m_display->setEvaluation(evaluate(response, m_editor->revision()));
    QVERIFY(m_display->hasVerdictOnLine(line));
    QCOMPARE(int(m_display->statusOnLine(line)), status);
    QVERIFY(hasMarker(line, ClauseStatus(status)));
    // Exactly one verdict marker on the line.
    const unsigned all = m_editor->markersAtLine(line)
        & unsigned(m_editor->marginMarkerMask(VerdictDisplay::kVerdictMargin));
    QCOMPARE(qPopulationCount(all), 1);
    // None on the contract header or the closing brace.
    QVERIFY(!m_display->hasVerdictOnLine(0));
    QCOMPARE(m_editor->markersAtLine(0)
            & unsigned(m_editor->marginMarkerMask(VerdictDisplay::kVerdictMargin)),
        0u);
    QVERIFY(!m_display->hasVerdictOnLine(5));
}

void TestVerdictDisplay::annotationsText()
{
    m_display->setEvaluation(evaluate(QStringLiteral("Hello there!"), m_editor->revision()));
    const QString failing = m_display->annotationText(1);
    QVERIFY2(failing.contains(QStringLiteral("fail")), qPrintable(failing));
    QVERIFY2(
        failing.contains(QStringLiteral("len(response) = 12 >= 20 → false")), qPrintable(failing));
    QVERIFY2(failing.contains(QStringLiteral("Response too short")), qPrintable(failing));
    const QString passing = m_display->annotationText(2);
    QVERIFY2(
        passing.contains(QStringLiteral("len(response) = 12 < 1000 → true")), qPrintable(passing));
    QVERIFY2(m_display->annotationText(3).contains(QStringLiteral("division by zero")),
        qPrintable(m_display->annotationText(3)));
    QVERIFY(m_display->annotationText(0).isEmpty());
    // Annotations sit between lines: the line count is the text's.
    QCOMPARE(m_editor->lines(), 7);
    const int offset =
        int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLEOFFSET));
    QCOMPARE(int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLE, 1)) + offset,
        m_display->annotationStyle());
}

void TestVerdictDisplay::unchangedResultTouchesNothing()
{
    m_display->setEvaluation(evaluate(QStringLiteral("short"), m_editor->revision()));
    QCOMPARE(m_display->linesTouched(), 4);
    // The same verdicts again (another sample with the same outcome): no line is redrawn.
    m_display->setEvaluation(evaluate(QStringLiteral("shorT"), m_editor->revision()));
    QCOMPARE(m_display->linesTouched(), 0);
    // One verdict changes: one line.
    m_display->setEvaluation(
        evaluate(QStringLiteral("this is long enough now!"), m_editor->revision()));
    QCOMPARE(m_display->linesTouched(), 2); // the failing clause passes; the other's length changes
}

void TestVerdictDisplay::resultAfterEditsLandsOnCurrentLines()
{
    const quint64 analysed = m_editor->revision();
    m_display->setEvaluation(evaluate(QStringLiteral("short"), analysed));
    // Two lines inserted at the start of line 2 (the clause moves down with its markers), one
    // in the middle of line 0 (everything below moves).
    m_editor->insertAt(QStringLiteral("    // note\n    // more\n"), 2, 0);
    m_editor->insertAt(QStringLiteral("\n"), 0, 5);
    QVERIFY(hasMarker(2, ClauseStatus::Fail));
    QVERIFY(hasMarker(5, ClauseStatus::Pass));
    QCOMPARE(m_display->currentLine(1, analysed), 2);
    QCOMPARE(m_display->currentLine(2, analysed), 5);
    QCOMPARE(m_display->currentLine(3, analysed), 6);
    // A result computed from the text before the edits lands where Scintilla moved the
    // markers: nothing to redraw for the moved lines.
    m_display->setEvaluation(evaluate(QStringLiteral("short"), analysed));
    QCOMPARE(m_display->linesTouched(), 0);
    QVERIFY(hasMarker(2, ClauseStatus::Fail));
    QVERIFY(hasMarker(5, ClauseStatus::Pass));
    QVERIFY(hasMarker(6, ClauseStatus::Error));
    QVERIFY(m_display->annotationText(2).contains(QStringLiteral("Response too short")));
    QVERIFY(m_display->annotationText(3).isEmpty());
    QVERIFY(m_display->annotationText(4).isEmpty());
}

void TestVerdictDisplay::deletedLinesAreRedrawn()
{
    const quint64 analysed = m_editor->revision();
    m_display->setEvaluation(evaluate(QStringLiteral("short"), analysed));
    const unsigned mask = unsigned(m_editor->marginMarkerMask(VerdictDisplay::kVerdictMargin));
    // Delete line 2 (the passing clause) with its newline: Scintilla merges the markers of the
    // line that moves up (the erroring clause) into line 2, which shows two symbols until the
    // next result.
    m_editor->setSelection(2, 0, 3, 0);
    m_editor->removeSelectedText();
    QCOMPARE(qPopulationCount(m_editor->markersAtLine(2) & mask), 2);
    QCOMPARE(m_display->currentLine(3, analysed), 2);
    QCOMPARE(m_display->currentLine(1, analysed), 1);
    // The next result (of the same analysis: not re-analysed yet) redraws the merged line with
    // one symbol, the most urgent of the clauses mapped there.
    m_display->setEvaluation(evaluate(QStringLiteral("short"), analysed));
    QCOMPARE(qPopulationCount(m_editor->markersAtLine(2) & mask), 1);
    QVERIFY(hasMarker(2, ClauseStatus::Error));
    QCOMPARE(qPopulationCount(m_editor->markersAtLine(1) & mask), 1);
    QVERIFY(hasMarker(1, ClauseStatus::Fail));
    QVERIFY(m_display->annotationText(2).contains(QStringLiteral("division by zero")));
    QVERIFY(m_display->annotationText(1).contains(QStringLiteral("Response too short")));
}

void TestVerdictDisplay::staleIsGreyed()
{
    m_display->setEvaluation(evaluate(QStringLiteral("short"), m_editor->revision()));
    m_display->setStale(true);
    QVERIFY(m_display->isStale());
    const int offset =
        int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLEOFFSET));
    QCOMPARE(int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLE, 1)) + offset,
        m_display->staleAnnotationStyle());
    QVERIFY(m_display->staleAnnotationStyle() != m_display->annotationStyle());
    // The symbols stay (greyed shapes) and so does the text.
    QVERIFY(hasMarker(1, ClauseStatus::Fail));
    QVERIFY(m_display->annotationText(1).contains(QStringLiteral("Response too short")));
    m_display->setStale(false);
    QCOMPARE(int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLE, 1)) + offset,
        m_display->annotationStyle());
}

void TestVerdictDisplay::clearRemovesEverything()
{
    m_display->setEvaluation(evaluate(QStringLiteral("short"), m_editor->revision()));
    m_display->clear();
    const unsigned mask = unsigned(m_editor->marginMarkerMask(VerdictDisplay::kVerdictMargin));
    for (int line = 0; line < m_editor->lines(); ++line) {
        QCOMPARE(m_editor->markersAtLine(line) & mask, 0u);
        QVERIFY(m_display->annotationText(line).isEmpty());
    }
}

void TestVerdictDisplay::noteAfterTheClausesLastLine()
{
    // Issue 18: a note between a clause's lines cut it in two.
    const char *const wrapped = R"(contract Wrapped {
    ensure len(response) >= 20
        and len(response) < 1000
        message: "Response too short"
    ensure true
}
)";
    m_editor->setText(QString::fromUtf8(wrapped));
    m_display->setEvaluation(evaluate(QStringLiteral("short"), m_editor->revision(), wrapped));
    // The symbol on the first line, the note under the last (the message's).
    QVERIFY(hasMarker(1, ClauseStatus::Fail));
    QVERIFY(m_display->annotationText(1).isEmpty());
    QVERIFY(m_display->annotationText(2).isEmpty());
    const QString note = m_display->annotationText(3);
    QVERIFY2(note.contains(QStringLiteral("Response too short")), qPrintable(note));
    QVERIFY(hasMarker(4, ClauseStatus::Pass));
    QVERIFY(m_display->annotationText(4).contains(QStringLiteral("pass")));

    // A line typed inside the clause: the note moves down with the last line, and the next
    // result (of the text before) finds it there.
    const quint64 analysed = m_editor->revision();
    m_editor->insertAt(QStringLiteral("        // why\n"), 2, 0);
    QVERIFY(m_display->annotationText(4).contains(QStringLiteral("Response too short")));
    m_display->setEvaluation(evaluate(QStringLiteral("short"), analysed, wrapped));
    QCOMPARE(m_display->linesTouched(), 0);
    QVERIFY(hasMarker(1, ClauseStatus::Fail));
    QVERIFY(m_display->annotationText(4).contains(QStringLiteral("Response too short")));
    QVERIFY(m_display->annotationText(3).isEmpty());

    m_display->clear();
    for (int line = 0; line < m_editor->lines(); ++line)
        QVERIFY(m_display->annotationText(line).isEmpty());
}

void TestVerdictDisplay::themeChangeRestylesNotes()
{
    // Issue 18: switching dark → light left the notes on dark backgrounds.
    const auto backgroundOfNote = [this](int line) {
        const int offset =
            int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLEOFFSET));
        const int style =
            int(m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLE, line)) + offset;
        const long bgr = m_editor->SendScintilla(QsciScintillaBase::SCI_STYLEGETBACK, style);
        return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
    };
    m_editor->setSyntaxTheme(
        m_repository->defaultTheme(KSyntaxHighlighting::Repository::DarkTheme));
    m_display->setEvaluation(evaluate(QStringLiteral("short"), m_editor->revision()));
    QVERIFY(backgroundOfNote(1).lightness() < 128);
    QCOMPARE(backgroundOfNote(1), m_editor->lexer()->paper(0));
    m_editor->setSyntaxTheme(
        m_repository->defaultTheme(KSyntaxHighlighting::Repository::LightTheme));
    QVERIFY(m_editor->lexer()->paper(0).lightness() >= 128);
    QCOMPARE(backgroundOfNote(1), m_editor->lexer()->paper(0));
    QCOMPARE(backgroundOfNote(2), m_editor->lexer()->paper(0));
    // The greyed look follows too.
    m_display->setStale(true);
    QCOMPARE(backgroundOfNote(1), m_editor->lexer()->paper(0));
    m_editor->setSyntaxTheme(
        m_repository->defaultTheme(KSyntaxHighlighting::Repository::DarkTheme));
    QCOMPARE(backgroundOfNote(1), m_editor->lexer()->paper(0));
}

QTEST_MAIN(TestVerdictDisplay)
#include "tst_verdictdisplay.moc"
