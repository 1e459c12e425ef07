// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/mainwindow.h"
#include "app/settings.h"
#include "app/settingsdialog.h"
#include "app/thememanager.h"
#include "editor/contracteditor.h"
#include "editor/highlightinglexer.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFontDatabase>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

using namespace Qt::StringLiterals;
using llmcl::app::MainWindow;
using llmcl::app::Settings;
using llmcl::app::SettingsDialog;
using llmcl::editor::ContractEditor;

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void defaultsAndRoundTrip();
    void valuesAreClamped();
    void storedInTestLocation();
    void fontZoomAppliesToAllEditorsAndPersists();
    void syntaxThemeMenuListsRepositoryThemes();
    void darkThemeSwitchesEditors();
    void sessionRoundTrip();
    void dialogLoadsAndStores();
    void newLanguageOffersRestart();

private:
    static int zoomOf(ContractEditor *editor)
    {
        return int(editor->SendScintilla(QsciScintillaBase::SCI_GETZOOM));
    }
    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    QTemporaryDir m_dir;
};

void TestSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"LLMCL-tests"_s);
    QCoreApplication::setApplicationName(u"tst_settings"_s);
}

void TestSettings::init()
{
    QSettings().clear();
}

void TestSettings::defaultsAndRoundTrip()
{
    {
        const Settings settings;
        QCOMPARE(settings.theme(), Settings::Theme::System);
        QCOMPARE(settings.syntaxTheme(), QString());
        QCOMPARE(settings.fontSize(), 0);
        QCOMPARE(settings.language(), QString());
        QCOMPARE(settings.autosaveInterval(), Settings::kDefaultAutosaveInterval);
        QVERIFY(settings.openTabs().isEmpty());
    }
    {
        Settings settings;
        settings.setTheme(Settings::Theme::Dark);
        settings.setSyntaxTheme(u"Solarized Light"_s);
        settings.setFontSize(14);
        settings.setLanguage(u"de"_s);
        settings.setAutosaveInterval(30);
        settings.setOpenTabs({u"/a.llmcl"_s, u"/b.llmcl"_s});
        settings.setCurrentTab(u"/b.llmcl"_s);
        settings.setLastWorkspace(u"/ws"_s);
        settings.setWindowGeometry("geometry");
        settings.setMode(u"debug"_s);
        settings.setLayoutVersion(7);
        settings.setModeLayout(u"edit"_s, "edit state");
        settings.setModeLayout(u"debug"_s, "debug state");
        settings.sync();
    }
    const Settings settings;
    QCOMPARE(settings.theme(), Settings::Theme::Dark);
    QCOMPARE(settings.syntaxTheme(), u"Solarized Light"_s);
    QCOMPARE(settings.fontSize(), 14);
    QCOMPARE(settings.language(), u"de"_s);
    QCOMPARE(settings.autosaveInterval(), 30);
    QCOMPARE(settings.openTabs(), QStringList({u"/a.llmcl"_s, u"/b.llmcl"_s}));
    QCOMPARE(settings.currentTab(), u"/b.llmcl"_s);
    QCOMPARE(settings.lastWorkspace(), u"/ws"_s);
    QCOMPARE(settings.windowGeometry(), QByteArray("geometry"));
    QCOMPARE(settings.mode(), u"debug"_s);
    QCOMPARE(settings.layoutVersion(), 7);
    QCOMPARE(settings.modeLayout(u"edit"_s), QByteArray("edit state"));
    QCOMPARE(settings.modeLayout(u"debug"_s), QByteArray("debug state"));
    QCOMPARE(settings.modeLayout(u"runs"_s), QByteArray());
    Settings().clearLayouts();
    QCOMPARE(Settings().mode(), QString());
    QCOMPARE(Settings().layoutVersion(), 0);
    QCOMPARE(Settings().modeLayout(u"edit"_s), QByteArray());
    // The rest stays.
    QCOMPARE(Settings().windowGeometry(), QByteArray("geometry"));
}

void TestSettings::valuesAreClamped()
{
    Settings settings;
    settings.setFontSize(1000);
    QCOMPARE(settings.fontSize(), Settings::kMaxFontSize);
    settings.setFontSize(2);
    QCOMPARE(settings.fontSize(), Settings::kMinFontSize);
    settings.setAutosaveInterval(0);
    QCOMPARE(settings.autosaveInterval(), Settings::kMinAutosaveInterval);
    // A hand-edited file with nonsense reads as the default.
    QSettings().setValue(u"appearance/theme"_s, u"purple"_s);
    QCOMPARE(settings.theme(), Settings::Theme::System);
}

void TestSettings::storedInTestLocation()
{
    Settings settings;
    settings.setLanguage(u"de"_s);
    settings.sync();
    // Test mode keeps the user's real settings untouched.
    QVERIFY(QSettings().fileName().contains(u"qttest"_s));
}

void TestSettings::fontZoomAppliesToAllEditorsAndPersists()
{
    const QString a = m_dir.filePath(u"a.llmcl"_s);
    const QString b = m_dir.filePath(u"b.llmcl"_s);
    writeFile(a, "contract A {}\n");
    writeFile(b, "contract B {}\n");
    const int base = QFontDatabase::systemFont(QFontDatabase::FixedFont).pointSize();
    {
        MainWindow window;
        QVERIFY(window.openFile(a));
        QVERIFY(window.openFile(b));
        auto *first = qobject_cast<ContractEditor *>(window.tabs()->widget(0));
        auto *second = qobject_cast<ContractEditor *>(window.tabs()->widget(1));
        QCOMPARE(zoomOf(first), 0);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        second->setFocus();
        // The shortcuts work with the focus in an editor.
        QTest::keyClick(second, Qt::Key_Equal, Qt::ControlModifier);
        QTest::keyClick(second, Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(window.fontSize(), base + 2);
        QCOMPARE(zoomOf(first), 2);
        QCOMPARE(zoomOf(second), 2);
        QTest::keyClick(second, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(zoomOf(first), 1);
        QCOMPARE(Settings().fontSize(), base + 1);
    }
    {
        // The next window and its editors start at the persisted size.
        MainWindow window;
        QCOMPARE(window.fontSize(), base + 1);
        QVERIFY(window.openFile(a));
        QCOMPARE(zoomOf(window.currentEditor()), 1);
        window.findChild<QAction *>(u"actionResetZoom"_s)->trigger();
        QCOMPARE(zoomOf(window.currentEditor()), 0);
        QCOMPARE(Settings().fontSize(), 0);
    }
}

void TestSettings::syntaxThemeMenuListsRepositoryThemes()
{
    const QString a = m_dir.filePath(u"theme.llmcl"_s);
    writeFile(a, "contract A {}\n");
    KSyntaxHighlighting::Repository repository;
    MainWindow window;
    QVERIFY(window.openFile(a));
    auto *menu = window.findChild<QMenu *>(u"menuSyntaxTheme"_s);
    QVERIFY(menu);
    QStringList offered;
    for (QAction *action : menu->actions()) {
        if (!action->isSeparator() && !action->data().toString().isEmpty())
            offered << action->data().toString();
    }
    QStringList themes;
    for (const auto &theme : repository.themes())
        themes << theme.name();
    QCOMPARE(offered, themes);
    QVERIFY(themes.contains(u"Solarized Dark"_s));

    QAction *solarized = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->data().toString() == u"Solarized Dark"_s)
            solarized = action;
    }
    solarized->trigger();
    QVERIFY(solarized->isChecked());
    QCOMPARE(window.syntaxThemeName(), u"Solarized Dark"_s);
    QCOMPARE(Settings().syntaxTheme(), u"Solarized Dark"_s);
    const auto theme = repository.theme(u"Solarized Dark"_s);
    QCOMPARE(window.currentEditor()->highlightingLexer()->paper(0),
        QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor)));
    // Persisted: a new window's editors use it.
    MainWindow next;
    QCOMPARE(next.syntaxThemeName(), u"Solarized Dark"_s);
    QVERIFY(next.openFile(a));
    QCOMPARE(next.currentEditor()->highlightingLexer()->paper(0),
        window.currentEditor()->highlightingLexer()->paper(0));
}

void TestSettings::darkThemeSwitchesEditors()
{
    const QString a = m_dir.filePath(u"dark.llmcl"_s);
    writeFile(a, "contract A {}\n");
    MainWindow window;
    QVERIFY(window.openFile(a));
    auto *menu = window.findChild<QMenu *>(u"menuTheme"_s);
    QVERIFY(menu);
    QAction *dark = nullptr;
    QAction *light = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->data().toInt() == int(Settings::Theme::Dark))
            dark = action;
        if (action->data().toInt() == int(Settings::Theme::Light))
            light = action;
    }
    QVERIFY(dark && light);
    dark->trigger();
    QVERIFY(window.themeManager()->isDark());
    QCOMPARE(Settings().theme(), Settings::Theme::Dark);
    QTRY_VERIFY(window.currentEditor()->highlightingLexer()->paper(0).lightness() < 128);
    light->trigger();
    QVERIFY(!window.themeManager()->isDark());
    QTRY_VERIFY(window.currentEditor()->highlightingLexer()->paper(0).lightness() >= 128);
}

void TestSettings::sessionRoundTrip()
{
    const QString a = m_dir.filePath(u"s1.llmcl"_s);
    const QString b = m_dir.filePath(u"s2.llmcl"_s);
    writeFile(a, "contract S1 {}\n");
    writeFile(b, "contract S2 {}\n");
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_dir.path()));
        QVERIFY(window.openFile(b));
        QVERIFY(window.openFile(a));
        // Switches to b's tab: b is the current one.
        QVERIFY(window.openFile(b));
        // The dock layout travels with the session.
        window.problemsDock()->hide();
        window.saveSession();
    }
    MainWindow window;
    QVERIFY(window.restoreSession(true));
    QCOMPARE(window.workspaceFolder(), QFileInfo(m_dir.path()).absoluteFilePath());
    QStringList open;
    for (int i = 0; i < window.tabs()->count(); ++i)
        open << qobject_cast<ContractEditor *>(window.tabs()->widget(i))->filePath();
    QVERIFY(open.contains(a));
    QVERIFY(open.contains(b));
    QCOMPARE(Settings().currentTab(), b);
    QCOMPARE(window.currentEditor()->filePath(), b);
    QVERIFY(!Settings().windowGeometry().isEmpty());
    QVERIFY(window.problemsDock()->isHidden());
}

void TestSettings::dialogLoadsAndStores()
{
    Settings settings;
    settings.setLanguage(u"de"_s);
    settings.setTheme(Settings::Theme::Light);
    settings.setFontSize(12);
    settings.setAutosaveInterval(9);
    SettingsDialog dialog({u"Breeze Light"_s, u"Solarized Dark"_s});
    dialog.load(settings);
    QCOMPARE(dialog.languageBox()->currentData().toString(), u"de"_s);
    QCOMPARE(dialog.themeBox()->currentData().toInt(), int(Settings::Theme::Light));
    QCOMPARE(dialog.syntaxThemeBox()->currentData().toString(), QString());
    QCOMPARE(dialog.fontSizeBox()->value(), 12);
    QCOMPARE(dialog.autosaveBox()->value(), 9);
    dialog.languageBox()->setCurrentIndex(dialog.languageBox()->findData(u"en"_s));
    dialog.themeBox()->setCurrentIndex(dialog.themeBox()->findData(int(Settings::Theme::Dark)));
    dialog.syntaxThemeBox()->setCurrentIndex(
        dialog.syntaxThemeBox()->findData(u"Solarized Dark"_s));
    dialog.fontSizeBox()->setValue(dialog.fontSizeBox()->minimum());
    dialog.autosaveBox()->setValue(20);
    dialog.store(settings);
    QCOMPARE(settings.language(), u"en"_s);
    QCOMPARE(settings.theme(), Settings::Theme::Dark);
    QCOMPARE(settings.syntaxTheme(), u"Solarized Dark"_s);
    QCOMPARE(settings.fontSize(), 0);
    QCOMPARE(settings.autosaveInterval(), 20);
    // The dialog says when a language change takes effect.
    bool saysRestart = false;
    for (QLabel *label : dialog.findChildren<QLabel *>())
        saysRestart = saysRestart || label->text().contains(u"restart"_s);
    QVERIFY(saysRestart);
}

void TestSettings::newLanguageOffersRestart()
{
    // Issue 18: after choosing another language, offer "Restart now".
    Settings().setLanguage(u"en"_s);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy restart(&window, &MainWindow::restartRequested);
    const auto openPreferences = [&window] {
        window.findChild<QAction *>(u"actionPreferences"_s)->trigger();
        SettingsDialog *dialog = nullptr;
        [&] { QTRY_VERIFY((dialog = window.findChild<SettingsDialog *>())); }();
        return dialog;
    };

    // The same language: no offer.
    SettingsDialog *dialog = openPreferences();
    QVERIFY(dialog);
    dialog->accept();
    QTRY_VERIFY(!window.findChild<SettingsDialog *>());
    QVERIFY(!window.findChild<QMessageBox *>(u"RestartOffer"_s));

    // Another one: the offer, and Later does nothing.
    dialog = openPreferences();
    QVERIFY(dialog);
    dialog->languageBox()->setCurrentIndex(dialog->languageBox()->findData(u"de"_s));
    dialog->accept();
    QTRY_VERIFY(!window.findChild<SettingsDialog *>());
    QMessageBox *offer = nullptr;
    QTRY_VERIFY((offer = window.findChild<QMessageBox *>(u"RestartOffer"_s)));
    QTRY_VERIFY(offer->isVisible());
    auto *now = offer->findChild<QPushButton *>(u"RestartNowButton"_s);
    QVERIFY(now);
    QCOMPARE(offer->defaultButton(), now);
    QAbstractButton *later = nullptr;
    for (QAbstractButton *button : offer->buttons())
        if (button != now)
            later = button;
    QVERIFY(later);
    later->click();
    QTRY_VERIFY(!window.findChild<QMessageBox *>(u"RestartOffer"_s));
    QCOMPARE(restart.size(), 0);
    QCOMPARE(Settings().language(), u"de"_s);

    // Restart Now asks for the restart.
    dialog = openPreferences();
    QVERIFY(dialog);
    dialog->languageBox()->setCurrentIndex(dialog->languageBox()->findData(u"en"_s));
    dialog->accept();
    QTRY_VERIFY(!window.findChild<SettingsDialog *>());
    QTRY_VERIFY((offer = window.findChild<QMessageBox *>(u"RestartOffer"_s)) && offer->isVisible());
    offer->findChild<QPushButton *>(u"RestartNowButton"_s)->click();
    QCOMPARE(restart.size(), 1);
    Settings().setLanguage(QString());
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
