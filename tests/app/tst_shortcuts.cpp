// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandpalette.h"
#include "app/mainwindow.h"

#include <QAction>
#include <QHash>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using llmcl::app::CommandPalette;
using llmcl::app::MainWindow;

// The keyboard audit of the issue: every action of the window's menus has a shortcut and an
// object name, and no two actions share a key sequence. Submenus marked as choice lists (recent
// files, themes: their entries are data, not commands) are exempt.
class TestShortcuts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyMenuActionHasAUniqueShortcut();
    void paletteShortcutIsCtrlShiftP();

private:
    struct Found
    {
        QAction *action;
        QString path;
    };
    static void walk(QMenu *menu, const QString &path, QList<Found> &found);
};

void TestShortcuts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LLMCL-tests"_s);
    QCoreApplication::setApplicationName(u"tst_shortcuts"_s);
}

void TestShortcuts::walk(QMenu *menu, const QString &path, QList<Found> &found)
{
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        const QString here = path + u" › "_s + CommandPalette::plainText(action->text());
        if (QMenu *submenu = action->menu()) {
            if (!submenu->property("llmclChoiceList").toBool())
                walk(submenu, here, found);
            continue;
        }
        found.append({action, here});
    }
}

void TestShortcuts::everyMenuActionHasAUniqueShortcut()
{
    MainWindow window;
    QList<Found> found;
    for (QAction *top : window.menuBar()->actions()) {
        if (QMenu *menu = top->menu())
            walk(menu, CommandPalette::plainText(top->text()), found);
    }
    QVERIFY(found.size() >= 10);
    QStringList missing;
    QStringList unnamed;
    QHash<QKeySequence, QString> owners;
    QStringList clashes;
    for (const Found &each : std::as_const(found)) {
        const QList<QKeySequence> shortcuts = each.action->shortcuts();
        if (shortcuts.isEmpty() || shortcuts.first().isEmpty())
            missing << each.path;
        if (each.action->objectName().isEmpty())
            unnamed << each.path;
        for (const QKeySequence &sequence : shortcuts) {
            if (sequence.isEmpty())
                continue;
            if (owners.contains(sequence) && owners.value(sequence) != each.path)
                clashes << u"%1: %2 and %3"_s.arg(
                    sequence.toString(), owners.value(sequence), each.path);
            owners.insert(sequence, each.path);
        }
    }
    if (!missing.isEmpty())
        qWarning().noquote() << "without a shortcut:" << missing.join(u"; "_s);
    if (!unnamed.isEmpty())
        qWarning().noquote() << "without an object name:" << unnamed.join(u"; "_s);
    if (!clashes.isEmpty())
        qWarning().noquote() << "shared shortcuts:" << clashes.join(u"; "_s);
    QVERIFY(missing.isEmpty());
    QVERIFY(unnamed.isEmpty());
    QVERIFY(clashes.isEmpty());
}

void TestShortcuts::paletteShortcutIsCtrlShiftP()
{
    MainWindow window;
    auto *palette = window.findChild<QAction *>(u"actionCommandPalette"_s);
    QVERIFY(palette);
    QCOMPARE(palette->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    QCOMPARE(window.findChild<QAction *>(u"actionZoomIn"_s)->shortcut(),
        QKeySequence(QKeySequence::ZoomIn));
    QCOMPARE(window.findChild<QAction *>(u"actionZoomOut"_s)->shortcut(),
        QKeySequence(QKeySequence::ZoomOut));
    QCOMPARE(window.findChild<QAction *>(u"actionResetZoom"_s)->shortcut(),
        QKeySequence(Qt::CTRL | Qt::Key_0));
}

QTEST_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
