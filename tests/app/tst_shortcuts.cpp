// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandpalette.h"
#include "app/mainwindow.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QHash>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include "tests/common/testpaths.h"

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
    void docsTablesMatchTheActions();

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

namespace {

// `cell` without comments in parentheses and code marks.
QString withoutComments(QString cell)
{
    static const QRegularExpression parenthesis(u"\\([^)]*\\)"_s);
    cell.remove(parenthesis);
    cell.remove(u'`');
    return cell.simplified();
}

// The key sequences of `cell` ("F3 / Shift+F3"); empty when the cell is not a list of keys.
QList<QKeySequence> keysOf(const QString &cell)
{
    QList<QKeySequence> keys;
    for (const QString &part : withoutComments(cell).split(u" / "_s)) {
        const QString key = part.trimmed();
        // A key names a modifier or a function key: "F5", "Ctrl+Shift+P" (not "—" or a word).
        static const QRegularExpression functionKey(u"^F\\d+$"_s);
        if (key.isEmpty() || key.contains(u' ')
            || (!key.contains(u'+') && !functionKey.match(key).hasMatch()))
            return {};
        const QKeySequence sequence = QKeySequence::fromString(key, QKeySequence::PortableText);
        if (sequence.count() != 1 || sequence[0].key() == Qt::Key_unknown
            || sequence.toString(QKeySequence::PortableText).compare(key, Qt::CaseInsensitive))
            return {};
        keys.append(sequence);
    }
    return keys;
}

} // namespace

void TestShortcuts::docsTablesMatchTheActions()
{
    // One source of truth: the window's actions. docs/studio.md's tables must say what they do
    // (issue 18 found Outline and Sessions documented as Alt+3 and Alt+5 but bound elsewhere).
    QFile file(llmcl::test::sourcePath(u"/docs/studio.md"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');

    MainWindow window;
    QList<Found> found;
    for (QAction *top : window.menuBar()->actions()) {
        if (QMenu *menu = top->menu())
            walk(menu, CommandPalette::plainText(top->text()), found);
    }
    // A command is the action's own text, or its menu path; a panel's title may carry a count
    // ("Problems (3)").
    const auto actionNamed = [&found](const QString &command) -> QAction * {
        for (const Found &each : std::as_const(found)) {
            // "Find" names "Find…": the ellipsis is the menu's, not the command's.
            const auto bare = [](QString text) {
                if (text.endsWith(u'…'))
                    text.chop(1);
                return text;
            };
            const QString text = bare(CommandPalette::plainText(each.action->text()));
            const QString name = bare(command.section(u" › "_s, -1));
            const bool sameText = text == name || text.startsWith(name + u" ("_s);
            if (sameText
                && (!command.contains(u" › "_s) || each.path.endsWith(command)
                    || each.path.startsWith(command.section(u" › "_s, 0, 0))))
                return each.action;
        }
        return nullptr;
    };

    int checked = 0;
    QStringList problems;
    QStringList documentedPanels;
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = lines.at(n).trimmed();
        if (!line.startsWith(u'|') || line.startsWith(u"|---"_s))
            continue;
        QStringList cells = line.mid(1, line.size() - 2).split(u'|');
        if (cells.size() < 2)
            continue;
        for (QString &cell : cells)
            cell = cell.trimmed();
        // The key's column may be either of the first two.
        QList<QKeySequence> keys = keysOf(cells.at(0));
        QString commands = cells.at(1);
        if (keys.isEmpty()) {
            keys = keysOf(cells.at(1));
            commands = cells.at(0);
        }
        if (keys.isEmpty())
            continue;
        const QStringList names = withoutComments(commands).split(u" / "_s);
        if (names.size() != keys.size()) {
            problems << u"line %1: %2 keys for %3 commands"_s.arg(n + 1)
                            .arg(keys.size())
                            .arg(names.size());
            continue;
        }
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QString name = names.at(i).trimmed();
            QAction *action = actionNamed(name);
            if (!action) {
                problems << u"line %1: no menu action \"%2\""_s.arg(n + 1).arg(name);
                continue;
            }
            ++checked;
            if (name.startsWith(u"View › "_s))
                documentedPanels << name.section(u" › "_s, -1);
            if (!action->shortcuts().contains(keys.at(i)))
                problems << u"line %1: %2 is %3, the docs say %4"_s.arg(n + 1).arg(name,
                    action->shortcut().toString(QKeySequence::PortableText),
                    keys.at(i).toString(QKeySequence::PortableText));
        }
    }
    // Every panel of the View menu is in the table.
    for (QDockWidget *dock : window.findChildren<QDockWidget *>()) {
        const QString title = CommandPalette::plainText(dock->toggleViewAction()->text());
        const bool documented = std::any_of(
            documentedPanels.begin(), documentedPanels.end(), [&](const QString &panel) {
                return title == panel || title.startsWith(panel + u" ("_s);
            });
        if (!documented)
            problems << u"panel %1 (%2) is not documented"_s.arg(
                title, dock->toggleViewAction()->shortcut().toString(QKeySequence::PortableText));
    }
    if (!problems.isEmpty())
        qWarning().noquote() << problems.join(u"\n"_s);
    QVERIFY(problems.isEmpty());
    QVERIFY2(checked >= 40, qPrintable(QString::number(checked)));
}

QTEST_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
