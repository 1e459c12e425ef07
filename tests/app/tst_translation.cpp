// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/languages.h"
#include "app/mainwindow.h"
#include "editor/diagnostictranslations.h"
#include "engine/diagnosticcodes.h"
#include "engine/diagnosticmessages.h"

#include <QAbstractItemView>
#include <QAction>
#include <QDockWidget>
#include <QHash>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using llmcl::app::MainWindow;

// The German smoke test: the .ts file is compiled, embedded and loaded, and a real window
// speaks German.
class TestTranslation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void englishIsTheDefault();
    void germanMenus();
    void germanPanels();
    void germanDebugMenus();
    void germanAcceleratorsAreUnique();
    void germanDiagnostics();
    void unknownLanguageIsRefused();

private:
    static QStringList menuTitles(const MainWindow &window);
    static QString dockTitle(const MainWindow &window, const QString &objectName);
};

void TestTranslation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LLMCL-tests"_s);
    QCoreApplication::setApplicationName(u"tst_translation"_s);
}

void TestTranslation::cleanup()
{
    llmcl::app::installTranslators(u"en"_s);
}

QStringList TestTranslation::menuTitles(const MainWindow &window)
{
    QStringList titles;
    for (QAction *action : window.menuBar()->actions())
        titles << action->text();
    return titles;
}

void TestTranslation::englishIsTheDefault()
{
    QVERIFY(llmcl::app::installTranslators(u"en"_s));
    MainWindow window;
    const QStringList titles = menuTitles(window);
    QVERIFY(titles.contains(u"&File"_s));
    QVERIFY(titles.contains(u"&View"_s));
    QCOMPARE(llmcl::app::effectiveLanguage(u"de"_s), u"de"_s);
}

void TestTranslation::germanMenus()
{
    QVERIFY(llmcl::app::installTranslators(u"de"_s));
    MainWindow window;
    const QStringList titles = menuTitles(window);
    QVERIFY2(titles.contains(u"&Datei"_s), qPrintable(titles.join(u", "_s)));
    QVERIFY2(titles.contains(u"&Ansicht"_s), qPrintable(titles.join(u", "_s)));
    QVERIFY2(titles.contains(u"&Hilfe"_s), qPrintable(titles.join(u", "_s)));
    QCOMPARE(window.findChild<QAction *>(u"actionSave"_s)->text(), u"&Speichern"_s);
    QCOMPARE(
        window.findChild<QAction *>(u"actionCommandPalette"_s)->text(), u"&Befehlspalette …"_s);
    QVERIFY(window.windowTitle().contains(u"LLMCL Studio"_s));
}

QString TestTranslation::dockTitle(const MainWindow &window, const QString &objectName)
{
    const auto *dock = window.findChild<QDockWidget *>(objectName);
    return dock ? dock->windowTitle() : u"(no dock %1)"_s.arg(objectName);
}

// The panels added for sessions, stepping and traces speak German too, down to their headers.
void TestTranslation::germanPanels()
{
    QVERIFY(llmcl::app::installTranslators(u"de"_s));
    MainWindow window;
    QCOMPARE(dockTitle(window, u"SessionsDock"_s), u"Sitzungen"_s);
    QCOMPARE(dockTitle(window, u"StepperDock"_s), u"Schrittweise Ausführung"_s);
    QCOMPARE(dockTitle(window, u"TraceDock"_s), u"Ablaufverfolgung"_s);
    QCOMPARE(dockTitle(window, u"EvaluationDock"_s), u"Live-Auswertung"_s);

    const auto *position = window.findChild<QLabel *>(u"StepperPosition"_s);
    QVERIFY(position);
    QCOMPARE(position->text(), u"Wählen Sie eine Unterhaltung im Bereich „Sitzungen“"_s);
    const auto *summary = window.findChild<QLabel *>(u"SessionsSummary"_s);
    QVERIFY(summary);
    QCOMPARE(summary->text(), u"Keine Sitzungsdatei geöffnet"_s);

    // Column headers come from the models (TraceView's clause events, the stepper's verdicts).
    const auto *events = window.findChild<QAbstractItemView *>(u"TraceEventsView"_s);
    QVERIFY(events && events->model());
    QCOMPARE(events->model()->headerData(0, Qt::Horizontal).toString(), u"Klausel"_s);
    QCOMPARE(events->model()->headerData(1, Qt::Horizontal).toString(), u"Vertrag"_s);
    const auto *verdicts = window.findChild<QAbstractItemView *>(u"StepperVerdicts"_s);
    QVERIFY(verdicts && verdicts->model());
    QCOMPARE(verdicts->model()->headerData(0, Qt::Horizontal).toString(), u"Klausel"_s);

    const auto *evaluation = window.findChild<QWidget *>(u"EvaluationPanel"_s);
    QVERIFY(evaluation);
    const auto *tabs = evaluation->findChild<QTabWidget *>();
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->tabText(0), u"&Urteile"_s);
    QCOMPARE(tabs->tabText(1), u"K&orrekturen"_s);
}

void TestTranslation::germanDebugMenus()
{
    QVERIFY(llmcl::app::installTranslators(u"de"_s));
    MainWindow window;
    const QStringList titles = menuTitles(window);
    QVERIFY2(titles.contains(u"&Sitzungen"_s), qPrintable(titles.join(u", "_s)));
    QVERIFY2(titles.contains(u"&Fehlersuche"_s), qPrintable(titles.join(u", "_s)));
    const auto text = [&window](const QString &name) {
        const auto *action = window.findChild<QAction *>(name);
        return action ? action->text() : u"(no action %1)"_s.arg(name);
    };
    QCOMPARE(text(u"OpenSessionsAction"_s), u"&Sitzungsdatei öffnen …"_s);
    QCOMPARE(text(u"NextTurnAction"_s), u"&Nächste Runde"_s);
    QCOMPARE(text(u"RunToTurnAction"_s), u"Bis &Runde ausführen …"_s);
    QCOMPARE(text(u"ExportTraceAction"_s), u"Ablaufverfolgung der Runde e&xportieren …"_s);
    // Shortcuts are not translated: F10 steps in every language.
    QCOMPARE(
        window.findChild<QAction *>(u"NextTurnAction"_s)->shortcut(), QKeySequence(Qt::Key_F10));
}

// Within each menu, and across the menu bar, no two entries share an Alt+letter accelerator
// once translated, so every German entry stays reachable from the keyboard.
void TestTranslation::germanAcceleratorsAreUnique()
{
    QVERIFY(llmcl::app::installTranslators(u"de"_s));
    MainWindow window;
    const auto mnemonic = [](QString text) {
        text.remove(u"&&"_s);
        const qsizetype at = text.indexOf(u'&');
        return at >= 0 && at + 1 < text.size() ? text.at(at + 1).toLower() : QChar();
    };
    const auto check = [&mnemonic](const QString &where, const QList<QAction *> &actions) {
        QHash<QChar, QString> seen;
        QStringList clashes;
        for (const QAction *action : actions) {
            if (action->isSeparator() || !action->isVisible())
                continue;
            const QChar key = mnemonic(action->text());
            if (key.isNull())
                continue;
            if (seen.contains(key))
                clashes << seen.value(key) + u" / "_s + action->text();
            seen.insert(key, action->text());
        }
        return clashes.isEmpty() ? QString() : where + u": "_s + clashes.join(u", "_s);
    };
    QStringList problems;
    const QList<QAction *> bar = window.menuBar()->actions();
    if (const QString clash = check(u"menu bar"_s, bar); !clash.isEmpty())
        problems << clash;
    // Every menu of the window, submenus (Open Recent, Theme) included.
    for (const QMenu *menu : window.findChildren<QMenu *>()) {
        if (const QString clash = check(menu->title(), menu->actions()); !clash.isEmpty())
            problems << clash;
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
}

void TestTranslation::germanDiagnostics()
{
    QVERIFY(llmcl::app::installTranslators(u"de"_s));
    using namespace llmcl::engine;
    const Diagnostic unknown =
        makeDiagnostic(Severity::Error, MessageId::UnknownFunction, {}, {}, {{"name", "lenght"}});
    QCOMPARE(llmcl::editor::DiagnosticTranslations::translate(unknown),
        u"unbekannte Funktion „lenght“"_s);
    // A diagnostic without a known template keeps the engine's text.
    const Diagnostic other =
        makeDiagnostic(Severity::Error, codes::unknownFunction, {}, {}, "something new");
    QCOMPARE(llmcl::editor::DiagnosticTranslations::translate(other), u"something new"_s);
}

void TestTranslation::unknownLanguageIsRefused()
{
    QVERIFY(!llmcl::app::installTranslators(u"xx"_s));
}

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
