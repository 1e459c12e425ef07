// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contracteditor.h"
#include "editor/findbar.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

#include <KSyntaxHighlighting/Repository>

#include <memory>

using llmcl::editor::ContractEditor;
using llmcl::editor::FindBar;

// The inline find and replace bar, driven through its real fields and keys over a real editor.
class TestFindBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void countsAndOptions_data();
    void countsAndOptions();
    void nextAndPreviousWrap();
    void replaceOneAndAll();
    void regexReplacementGroups();
    void nonAsciiOffsets();
    void matchesFollowEdits();
    void invalidRegex();
    void escapeCloses();

private:
    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    QWidget *m_window = nullptr;
    ContractEditor *m_editor = nullptr;
    FindBar *m_bar = nullptr;
};

void TestFindBar::initTestCase()
{
    m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
}

void TestFindBar::init()
{
    m_window = new QWidget;
    auto *layout = new QVBoxLayout(m_window);
    m_editor = new ContractEditor(*m_repository, m_window);
    m_bar = new FindBar(m_window);
    layout->addWidget(m_editor);
    layout->addWidget(m_bar);
    m_bar->setEditor(m_editor);
    m_editor->setText(QStringLiteral("contract Len {\n    ensure len(response) < 10\n"
                                     "    ensure LEN(content) > 1 // lengths\n}\n"));
    m_window->resize(800, 500);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestFindBar::cleanup()
{
    delete m_window;
}

void TestFindBar::countsAndOptions_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<int>("count");
    QTest::newRow("plain-ignoring-case") << QStringLiteral("len") << false << false << false << 4;
    QTest::newRow("case-sensitive") << QStringLiteral("len") << true << false << false << 2;
    QTest::newRow("whole-word") << QStringLiteral("len") << false << true << false << 3;
    QTest::newRow("whole-word-case") << QStringLiteral("len") << true << true << false << 1;
    QTest::newRow("regex") << QStringLiteral("[<>] \\d+") << false << false << true << 2;
    QTest::newRow("regex-chars-plain") << QStringLiteral("len(") << false << false << false << 2;
    QTest::newRow("none") << QStringLiteral("nowhere") << false << false << false << 0;
}

void TestFindBar::countsAndOptions()
{
    QFETCH(QString, needle);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    QFETCH(bool, regex);
    QFETCH(int, count);
    m_bar->openFind();
    QVERIFY(m_bar->isVisible());
    QVERIFY(m_bar->findField()->hasFocus());
    m_bar->caseSensitiveBox()->setChecked(caseSensitive);
    m_bar->wholeWordBox()->setChecked(wholeWord);
    m_bar->regexBox()->setChecked(regex);
    QTest::keyClicks(m_bar->findField(), needle);
    QCOMPARE(int(m_bar->matches().size()), count);
    QCOMPARE(m_bar->countLabel()->text().isEmpty(), false);
    if (count == 0)
        QCOMPARE(m_bar->countLabel()->text(), QStringLiteral("No matches"));
}

void TestFindBar::nextAndPreviousWrap()
{
    m_bar->openFind();
    QTest::keyClicks(m_bar->findField(), QStringLiteral("len"));
    QCOMPARE(int(m_bar->matches().size()), 4);
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, 0L);
    QTest::keyClick(m_bar->findField(), Qt::Key_Return);
    QCOMPARE(m_bar->currentMatch(), 1);
    QCOMPARE(m_editor->selectedText(), QStringLiteral("Len"));
    QCOMPARE(m_bar->countLabel()->text(), QStringLiteral("1 of 4"));
    for (int i = 2; i <= 4; ++i) {
        QVERIFY(m_bar->findNext());
        QCOMPARE(m_bar->currentMatch(), i);
    }
    QVERIFY(m_bar->findNext()); // wraps
    QCOMPARE(m_bar->currentMatch(), 1);
    QTest::keyClick(m_bar->findField(), Qt::Key_Return, Qt::ShiftModifier); // previous, wraps
    QCOMPARE(m_bar->currentMatch(), 4);
    QCOMPARE(m_editor->selectedText(), QStringLiteral("len"));
}

void TestFindBar::replaceOneAndAll()
{
    m_bar->openReplace();
    QVERIFY(m_bar->isReplaceVisible());
    m_bar->caseSensitiveBox()->setChecked(true);
    QTest::keyClicks(m_bar->findField(), QStringLiteral("len"));
    QTest::keyClicks(m_bar->replaceField(), QStringLiteral("size"));
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, 0L);
    QVERIFY(m_bar->findNext());
    QVERIFY(m_bar->replaceCurrent());
    QVERIFY(m_editor->text().contains(QStringLiteral("ensure size(response)")));
    QCOMPARE(int(m_bar->matches().size()), 1); // "lengths" is left

    const QString before = m_editor->text();
    m_bar->caseSensitiveBox()->setChecked(false);
    QCOMPARE(m_bar->replaceAll(), 3);
    QVERIFY(m_editor->text().contains(QStringLiteral("contract size {")));
    QVERIFY(m_editor->text().contains(QStringLiteral("size(content)")));
    QVERIFY(m_editor->text().contains(QStringLiteral("// sizegths")));
    QVERIFY(m_bar->matches().empty());
    // Replace All is one undo step.
    m_editor->undo();
    QCOMPARE(m_editor->text(), before);
}

void TestFindBar::regexReplacementGroups()
{
    m_bar->openReplace();
    m_bar->regexBox()->setChecked(true);
    QTest::keyClicks(m_bar->findField(), QStringLiteral("(\\w+)\\((\\w+)\\)"));
    QTest::keyClicks(m_bar->replaceField(), QStringLiteral("\\1($2.strip())"));
    QCOMPARE(m_bar->replaceAll(), 2);
    QVERIFY2(m_editor->text().contains(QStringLiteral("len(response.strip()) < 10")),
        qPrintable(m_editor->text()));
    QVERIFY(m_editor->text().contains(QStringLiteral("LEN(content.strip()) > 1")));
}

void TestFindBar::nonAsciiOffsets()
{
    m_editor->setText(QStringLiteral("// Größe ✓ 😀 x\ncontract Ä { ensure \"😀x\" != \"x\" }\n"));
    m_bar->openFind();
    QTest::keyClicks(m_bar->findField(), QStringLiteral("x"));
    QCOMPARE(int(m_bar->matches().size()), 3);
    QVERIFY(m_bar->findNext());
    QVERIFY(m_bar->findNext());
    QCOMPARE(m_editor->selectedText(), QStringLiteral("x"));
    const QByteArray text = m_editor->text().toUtf8();
    const auto &second = m_bar->matches()[1];
    QCOMPARE(text.mid(second.begin - 4, 5), QByteArray("😀x"));
}

void TestFindBar::matchesFollowEdits()
{
    m_bar->openFind();
    QTest::keyClicks(m_bar->findField(), QStringLiteral("ensure"));
    QCOMPARE(int(m_bar->matches().size()), 2);
    m_editor->append(QStringLiteral("// ensure\n"));
    QTRY_COMPARE(int(m_bar->matches().size()), 3);
}

void TestFindBar::invalidRegex()
{
    m_bar->openFind();
    m_bar->regexBox()->setChecked(true);
    QTest::keyClicks(m_bar->findField(), QStringLiteral("len("));
    QVERIFY(!m_bar->patternIsValid());
    QVERIFY(m_bar->matches().empty());
    QCOMPARE(m_bar->countLabel()->text(), QStringLiteral("Invalid pattern"));
    QVERIFY(!m_bar->findField()->toolTip().isEmpty());
}

void TestFindBar::escapeCloses()
{
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, 9L, 12L); // "Len"
    m_bar->openFind();
    QCOMPARE(m_bar->findField()->text(), QStringLiteral("Len"));
    QSignalSpy closed(m_bar, &FindBar::closed);
    QTest::keyClick(m_bar->findField(), Qt::Key_Escape);
    QCOMPARE(closed.count(), 1);
    QVERIFY(!m_bar->isVisible());
    QVERIFY(m_editor->hasFocus());
    // The highlights go with the bar.
    const int indicator = FindBar::indicatorFor(m_editor);
    QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT, indicator, 9L), 0L);
}

QTEST_MAIN(TestFindBar)
#include "tst_findbar.moc"
