// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/completionprovider.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/languagefeatures.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QThreadPool>

#include <KSyntaxHighlighting/Repository>

#include <memory>

using llmcl::editor::CompletionProvider;
using llmcl::editor::ContractEditor;
using llmcl::editor::DiagnosticsController;
using llmcl::editor::LanguageFeatures;

// Completion, call tips, hover and go to definition in a real ContractEditor, typed into with
// QTest and answered from the real engine's analysis (a DiagnosticsController at delay 0).
class TestCompletion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listWhileTyping_data();
    void listWhileTyping();
    void staleAnalysisAnswersAtOnce();
    void importListsModules();
    void fromImportListsContracts();
    void contextKeysFromRequest();
    void ctrlSpaceWithoutPrefix();
    void choosingABuiltinInsertsCallAndTip();
    void callTipOnParenthesis();
    void nothingInComments();
    void hoverDocumentationAndDiagnostics();
    void goToDefinitionInDocument();

private:
    // Replaces the text and waits for its analysis.
    void setTextAndWait(const QString &text);
    // Puts the cursor after the first occurrence of `marker` (which is removed from the text).
    void placeCursorAt(const QString &textWithMarker);
    int offsetOf(const QString &needle) const;

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    ContractEditor *m_editor = nullptr;
    DiagnosticsController *m_controller = nullptr;
    CompletionProvider *m_provider = nullptr;
    LanguageFeatures *m_features = nullptr;
};

void TestCompletion::initTestCase()
{
    m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
}

void TestCompletion::init()
{
    m_editor = new ContractEditor(*m_repository);
    m_editor->resize(800, 600);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
    m_controller = new DiagnosticsController(m_editor);
    m_controller->setDelay(0);
    m_provider = new CompletionProvider(m_editor, m_controller);
    m_features = new LanguageFeatures(m_editor, m_controller);
}

void TestCompletion::cleanup()
{
    delete m_editor;
    m_editor = nullptr;
    QThreadPool::globalInstance()->waitForDone();
}

void TestCompletion::setTextAndWait(const QString &text)
{
    m_editor->setText(text);
    QTRY_VERIFY(!m_controller->isBusy() && m_editor->diagnosticsAreCurrent()
        && m_controller->languageService()
        && m_controller->languageService()->text() == m_editor->utf8Text());
}

void TestCompletion::placeCursorAt(const QString &textWithMarker)
{
    const qsizetype marker = textWithMarker.indexOf(QLatin1Char('|'));
    QVERIFY(marker >= 0);
    QString text = textWithMarker;
    text.remove(marker, 1);
    setTextAndWait(text);
    const int offset = int(text.left(marker).toUtf8().size());
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, offset);
}

int TestCompletion::offsetOf(const QString &needle) const
{
    const QByteArray text = QByteArray::fromStdString(m_editor->utf8Text());
    return int(text.indexOf(needle.toUtf8()));
}

void TestCompletion::listWhileTyping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("absent");

    QTest::newRow("builtins-after-re")
        << QStringLiteral("contract C {\n    ensure |\n}\n") << QStringLiteral("re")
        << QStringList {QStringLiteral("regex_replace(s: string, pattern: string, repl: string) "
                                       "-> string"),
               QStringLiteral("response")}
        << QStringList {QStringLiteral("contract")};
    QTest::newRow("parameter") << QStringLiteral(
        "contract C(max_input = 4000) {\n    require len(content) <= |\n}\n")
                               << QStringLiteral("max") << QStringList {QStringLiteral("max_input")}
                               << QStringList {};
    QTest::newRow("keyword-at-top-level")
        << QStringLiteral("contract A {\n    ensure true\n}\n|") << QStringLiteral("con")
        << QStringList {QStringLiteral("contract")} << QStringList {QStringLiteral("content")};
    QTest::newRow("clause-keywords")
        << QStringLiteral("contract A {\n    ensure true\n    |\n}\n") << QStringLiteral("ens")
        << QStringList {QStringLiteral("ensure"), QStringLiteral("ensure_prob")} << QStringList {};
    QTest::newRow("contracts-after-extends")
        << QStringLiteral("contract Base {\n    ensure true\n}\ncontract Derived |{\n    ensure "
                          "true\n}\n")
        << QStringLiteral("extends B") << QStringList {QStringLiteral("Base")}
        << QStringList {QStringLiteral("Derived")};
}

void TestCompletion::listWhileTyping()
{
    QFETCH(QString, text);
    QFETCH(QString, typed);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, absent);
    placeCursorAt(text);
    QTest::keyClicks(m_editor, typed);
    QTRY_VERIFY(m_provider->isListShown() && !m_provider->isWaiting());
    const QStringList entries = m_provider->shownEntries();
    for (const QString &entry : expected)
        QVERIFY2(entries.contains(entry), qPrintable(entries.join(QLatin1Char('|'))));
    for (const QString &entry : absent)
        QVERIFY2(!entries.contains(entry), qPrintable(entries.join(QLatin1Char('|'))));
}

void TestCompletion::staleAnalysisAnswersAtOnce()
{
    // Only the word typed changed since the analysis: the list comes from the analysis at the
    // start of the word, at once, before any new check has returned.
    placeCursorAt(QStringLiteral("contract C {\n    ensure |\n}\n"));
    QTest::keyClicks(m_editor, QStringLiteral("res"));
    QVERIFY(!m_editor->diagnosticsAreCurrent());
    QVERIFY(m_provider->isListShown());
    QVERIFY(!m_provider->isWaiting());
    QCOMPARE(m_provider->shownEntries().value(0), QStringLiteral("response"));
    // No built-in starts with "res", and the filter follows the word.
    for (const QString &entry : m_provider->shownEntries())
        QVERIFY2(entry.startsWith(QStringLiteral("res"), Qt::CaseInsensitive), qPrintable(entry));
}

void TestCompletion::importListsModules()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile safety(dir.filePath(QStringLiteral("safety.llmcl")));
    QVERIFY(safety.open(QIODevice::WriteOnly));
    safety.write("contract NoPII {\n    ensure not contains(response, \"@\")\n}\n");
    safety.close();
    QFile main(dir.filePath(QStringLiteral("main.llmcl")));
    QVERIFY(main.open(QIODevice::WriteOnly));
    main.write("\ncontract Main {\n    ensure true\n}\n");
    main.close();
    QString error;
    QVERIFY2(m_editor->load(main.fileName(), &error), qPrintable(error));
    QTRY_VERIFY(!m_controller->isBusy() && m_controller->languageService());
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, 0L);
    // The text before the cursor changes ("import "): the list waits for the new analysis.
    QTest::keyClicks(m_editor, QStringLiteral("import "));
    QTRY_VERIFY(m_provider->isListShown() && !m_provider->isWaiting());
    QVERIFY2(m_provider->shownEntries().contains(QStringLiteral("safety")),
        qPrintable(m_provider->shownEntries().join(QLatin1Char('|'))));
    QVERIFY(!m_provider->shownEntries().contains(QStringLiteral("main")));
}

void TestCompletion::fromImportListsContracts()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile safety(dir.filePath(QStringLiteral("safety.llmcl")));
    QVERIFY(safety.open(QIODevice::WriteOnly));
    safety.write("contract NoPII {\n    ensure true\n}\ncontract Polite {\n    ensure true\n}\n");
    safety.close();
    QFile main(dir.filePath(QStringLiteral("main.llmcl")));
    QVERIFY(main.open(QIODevice::WriteOnly));
    main.write("from safety import \ncontract Main {\n    ensure true\n}\n");
    main.close();
    QString error;
    QVERIFY2(m_editor->load(main.fileName(), &error), qPrintable(error));
    QTRY_VERIFY(!m_controller->isBusy() && m_controller->languageService());
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, long(strlen("from safety import ")));
    m_provider->complete();
    QTRY_VERIFY(m_provider->isListShown());
    const QStringList entries = m_provider->shownEntries();
    QVERIFY2(
        entries.contains(QStringLiteral("NoPII")) && entries.contains(QStringLiteral("Polite")),
        qPrintable(entries.join(QLatin1Char('|'))));
}

void TestCompletion::contextKeysFromRequest()
{
    m_controller->setRequestProvider([] {
        llmcl::engine::CompileRequest request;
        request.knownContextKeys.insert(QByteArrayLiteral("user_tier").toStdString());
        return request;
    });
    placeCursorAt(QStringLiteral("contract C {\n    require |\n}\n"));
    QTest::keyClicks(m_editor, QStringLiteral("user_"));
    QTRY_VERIFY(m_provider->isListShown());
    QCOMPARE(m_provider->shownEntries(), QStringList {QStringLiteral("user_tier")});
    QCOMPARE(
        m_provider->shownItems().front().kind, llmcl::engine::CompletionItem::Kind::ContextKey);
}

void TestCompletion::ctrlSpaceWithoutPrefix()
{
    placeCursorAt(QStringLiteral("contract C {\n    ensure len(|)\n}\n"));
    QVERIFY(!m_provider->isListShown());
    m_provider->complete();
    QVERIFY(m_provider->isListShown());
    const QStringList entries = m_provider->shownEntries();
    QVERIFY(entries.contains(QStringLiteral("response")));
    QVERIFY(entries.contains(QStringLiteral("content")));
    QVERIFY(std::any_of(entries.begin(), entries.end(),
        [](const QString &e) { return e.startsWith(QStringLiteral("len(")); }));
}

void TestCompletion::choosingABuiltinInsertsCallAndTip()
{
    placeCursorAt(QStringLiteral("contract C {\n    ensure |\n}\n"));
    QTest::keyClicks(m_editor, QStringLiteral("starts"));
    QTRY_VERIFY(m_provider->isListShown());
    const int row = int(m_provider->shownEntries().indexOf(
        QStringLiteral("starts_with(s: string, prefix: string) -> bool")));
    QVERIFY2(row >= 0, qPrintable(m_provider->shownEntries().join(QLatin1Char('|'))));
    // Moving through the list announces each entry's documentation.
    QSignalSpy highlighted(m_provider, &CompletionProvider::itemHighlighted);
    QTest::keyClick(m_editor, Qt::Key_Down);
    QVERIFY(m_provider->isListShown());
    QCOMPARE(highlighted.count(), 1);
    QVERIFY(!highlighted.at(0).at(1).toString().isEmpty());
    QVERIFY(m_provider->choose(row));
    QVERIFY(!m_provider->isListShown());
    QCOMPARE(m_editor->text(), QStringLiteral("contract C {\n    ensure starts_with(\n}\n"));
    int line = 0;
    int index = 0;
    m_editor->getCursorPosition(&line, &index);
    QCOMPARE(line, 1);
    QCOMPARE(index, int(strlen("    ensure starts_with(")));
    QVERIFY(m_provider->shownCallTip().startsWith(QStringLiteral("starts_with(s: string")));
    // One undo step takes the whole insertion back.
    m_editor->undo();
    QCOMPARE(m_editor->text(), QStringLiteral("contract C {\n    ensure starts\n}\n"));
}

void TestCompletion::callTipOnParenthesis()
{
    placeCursorAt(QStringLiteral("contract C {\n    ensure |\n}\n"));
    QSignalSpy tips(m_provider, &CompletionProvider::callTipShown);
    QTest::keyClicks(m_editor, QStringLiteral("len("));
    QCOMPARE(tips.count(), 1);
    const QString tip = m_provider->shownCallTip();
    QVERIFY2(
        tip.startsWith(QStringLiteral("len(x: string | list | map) -> int\n")), qPrintable(tip));
    QTest::keyClicks(m_editor, QStringLiteral("response)"));
    QVERIFY(m_provider->shownCallTip().isEmpty());
    QCOMPARE(CompletionProvider::callTipFor(QStringLiteral("nosuchfunction")), QString());
}

void TestCompletion::nothingInComments()
{
    placeCursorAt(QStringLiteral("contract C {\n    ensure true // |\n}\n"));
    QTest::keyClicks(m_editor, QStringLiteral("re"));
    QTRY_VERIFY(!m_controller->isBusy() && m_editor->diagnosticsAreCurrent());
    QVERIFY(!m_provider->isListShown());
}

void TestCompletion::hoverDocumentationAndDiagnostics()
{
    setTextAndWait(QStringLiteral(
        "contract C {\n    ensure len(response) > 1\n    ensure lenn(response)\n}\n"));
    const int len = offsetOf(QStringLiteral("len(response) > 1")) + 1;
    const QString hover = m_features->hoverText(len);
    QVERIFY2(
        hover.contains(QStringLiteral("len(x: string | list | map) -&gt; int")), qPrintable(hover));
    // The signature is the first line, without the fence's language tag (issue 18: a stray
    // "llmcl" line above it).
    QTextDocument shown;
    shown.setHtml(hover);
    const QString plain = shown.toPlainText();
    QVERIFY2(plain.startsWith(QStringLiteral("len(x: string | list | map) -> int\n")),
        qPrintable(plain));
    QVERIFY2(!plain.contains(QStringLiteral("llmcl")), qPrintable(plain));
    QVERIFY2(!hover.contains(QStringLiteral("`")), qPrintable(hover));

    // The editor's tooltip shows the documentation over a known word and the diagnostic, as
    // before, over an unknown one.
    auto pointAt = [this](int offset) {
        return QPoint(int(m_editor->SendScintilla(
                          QsciScintillaBase::SCI_POINTXFROMPOSITION, 0UL, long(offset)))
                + 2,
            int(m_editor->SendScintilla(
                QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, long(offset)))
                + 2);
    };
    const QString known = m_editor->toolTipAt(pointAt(len));
    QVERIFY2(known.contains(QStringLiteral("len(x: string")), qPrintable(known));
    const int lenn = offsetOf(QStringLiteral("lenn")) + 1;
    const QString unknown = m_editor->toolTipAt(pointAt(lenn));
    QVERIFY2(unknown.contains(QStringLiteral("E2")), qPrintable(unknown));
    QVERIFY2(unknown.contains(QStringLiteral("lenn")), qPrintable(unknown));
}

void TestCompletion::goToDefinitionInDocument()
{
    setTextAndWait(
        QStringLiteral("contract Base(limit = 10) {\n    ensure len(response) < limit\n}\n"
                       "contract Derived extends Base {\n    ensure true\n}\n"));
    const int use = offsetOf(QStringLiteral("extends Base")) + int(strlen("extends B"));
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, long(use));
    QVERIFY(m_features->goToDefinition());
    QCOMPARE(m_editor->selectedText(), QStringLiteral("Base"));
    int line = 0;
    int index = 0;
    m_editor->getCursorPosition(&line, &index);
    QCOMPARE(line, 0);

    // A parameter used in a clause: its header option.
    const int limit = offsetOf(QStringLiteral("< limit")) + 3;
    QVERIFY(m_features->goToDefinitionAt(limit));
    QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART),
        long(offsetOf(QStringLiteral("limit = 10"))));

    // Ctrl+click on the name in `extends Base` goes there as well.
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, 0L);
    const int clicked = offsetOf(QStringLiteral("extends Base")) + int(strlen("extends Ba"));
    const QPoint point(
        int(m_editor->SendScintilla(QsciScintillaBase::SCI_POINTXFROMPOSITION, 0UL, long(clicked))),
        int(m_editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, long(clicked)))
            + 3);
    QTest::mouseClick(m_editor->viewport(), Qt::LeftButton, Qt::ControlModifier, point);
    QCOMPARE(m_editor->selectedText(), QStringLiteral("Base"));
    QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART),
        long(offsetOf(QStringLiteral("Base"))));

    // Nothing to go to on a keyword.
    QSignalSpy none(m_features, &LanguageFeatures::noDefinition);
    QVERIFY(!m_features->goToDefinitionAt(offsetOf(QStringLiteral("ensure true")) + 1));
    QCOMPARE(none.count(), 1);
}

QTEST_MAIN(TestCompletion)
#include "tst_completion.moc"
