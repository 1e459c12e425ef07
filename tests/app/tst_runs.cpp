// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/debugtools.h"
#include "app/mainwindow.h"
#include "app/runs/clausefiguresmodel.h"
#include "app/runs/comparedialog.h"
#include "app/runs/comparisonmodel.h"
#include "app/runs/comparisonview.h"
#include "app/runs/countaxis.h"
#include "app/runs/drillturnsmodel.h"
#include "app/runs/replayjob.h"
#include "app/runs/rundashboard.h"
#include "app/runs/runsmodel.h"
#include "app/runs/runspanel.h"
#include "app/runs/runstore.h"
#include "app/runs/runtools.h"
#include "app/stepperdock.h"
#include "editor/contracteditor.h"
#include "tracer/rundiff.h"
#include "tracer/runreader.h"
#include "tracer/sessionreader.h"
#include "tracer/sqlite.h"
#include "tracer/workspacedb.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QToolBar>
#include <QValueAxis>

#include <csignal>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <signal.h>
#include <sys/types.h>

#include "tests/common/examplesessions.h"
#include "tests/common/filesizelimit.h"
#include "tests/common/readonlyfile.h"
#include "tests/common/testpaths.h"

using namespace llmcl;
using app::MainWindow;
using app::ReplayReport;
using app::RunComparison;
using app::RunsModel;
using app::RunTools;

Q_DECLARE_METATYPE(llmcl::app::ReplayReport)

namespace {

constexpr int kReplayTimeoutMs = 120'000;

// The example workspace copied to `dir`: its contracts and its sessions file.
bool copyExamples(const QString &dir)
{
    const QDir examples(llmcl::test::sourcePath(u"/resources/examples"));
    for (const QString &name : examples.entryList(
             {QStringLiteral("*.llmcl"), QStringLiteral("sessions.jsonl")}, QDir::Files))
        if (!QFile::copy(examples.filePath(name), QDir(dir).filePath(name)))
            return false;
    return true;
}

QString databaseOf(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("llmcl-workspace.db"));
}

// Runs the real llmcl binary; returns its exit code (-1 when it did not run).
int runCli(const QStringList &arguments, QString *errorOutput = nullptr)
{
    QProcess process;
    process.start(llmcl::test::cliPath(), arguments);
    if (!process.waitForFinished(kReplayTimeoutMs))
        return -1;
    if (errorOutput)
        *errorOutput = QString::fromUtf8(process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// A UTF-8 file's text, empty when it cannot be read.
QString textOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The pictures embedded in a report's HTML (data: URLs) that have something drawn on them; -1
// when one is not a PNG or is blank.
int drawnPictures(const QString &html)
{
    static const QRegularExpression image(
        QStringLiteral("data:image/png;base64,([A-Za-z0-9+/=]+)"));
    int pictures = 0;
    for (const QRegularExpressionMatch &match : image.globalMatch(html)) {
        const QImage picture =
            QImage::fromData(QByteArray::fromBase64(match.captured(1).toLatin1()), "PNG");
        QSet<QRgb> colours;
        for (int y = 0; y < picture.height(); y += 7)
            for (int x = 0; x < picture.width(); x += 7)
                colours.insert(picture.pixel(x, y));
        if (picture.isNull() || colours.size() <= 3)
            return -1;
        ++pictures;
    }
    return pictures;
}

// The pictures of a PDF report with pages; -1 when it is not one.
int pdfPictures(const QString &path)
{
    QFile pdf(path);
    if (!pdf.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray bytes = pdf.readAll();
    if (!bytes.startsWith("%PDF-")
        || !(bytes.contains("/Type /Page") || bytes.contains("/Type/Page"))
        || bytes.size() < 10'000)
        return -1;
    return int(bytes.count("/Subtype /Image") + bytes.count("/Subtype/Image"));
}

// What a PDF viewer shows of a report's first page: poppler's pdftoppm renders it at 50 dpi and
// pdftotext extracts its words. An empty string when the page has the report's title as text and
// a picture drawn on it (more than a few colours, more than 2 % of it not white); else why not.
QString firstPageProblem(const QString &pdf, const QString &title)
{
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdftoppm.isEmpty() || pdftotext.isEmpty())
        return QStringLiteral("pdftoppm or pdftotext not found: poppler-utils is in "
                              "scripts/debian-packages.txt, run the tests through scripts/dev");
    const QString prefix = pdf + QStringLiteral("-page");
    QProcess render;
    render.start(pdftoppm,
        {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"), QStringLiteral("-f"),
            QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"),
            QStringLiteral("-singlefile"), pdf, prefix});
    if (!render.waitForFinished(60'000) || render.exitCode() != 0)
        return QStringLiteral("pdftoppm failed: ")
            + QString::fromLocal8Bit(render.readAllStandardError());
    const QImage page(prefix + QStringLiteral(".png"));
    // A4 or Letter at 50 dpi: about 413 or 425 pixels wide, 550 to 585 high.
    if (page.width() < 400 || page.width() > 440 || page.height() < 540 || page.height() > 600)
        return QStringLiteral("first page rendered %1×%2").arg(page.width()).arg(page.height());
    QSet<QRgb> colours;
    qint64 inked = 0;
    for (int y = 0; y < page.height(); ++y)
        for (int x = 0; x < page.width(); ++x) {
            const QRgb pixel = page.pixel(x, y);
            colours.insert(pixel);
            inked += qGray(pixel) < 230;
        }
    if (colours.size() < 16 || inked * 50 < qint64(page.width()) * page.height())
        return QStringLiteral("first page nearly blank: %1 colours, %2 inked pixels")
            .arg(colours.size())
            .arg(inked);
    QProcess text;
    text.start(pdftotext,
        {QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"), pdf,
            QStringLiteral("-")});
    if (!text.waitForFinished(60'000) || text.exitCode() != 0)
        return QStringLiteral("pdftotext failed: ")
            + QString::fromLocal8Bit(text.readAllStandardError());
    const QString words = QString::fromUtf8(text.readAllStandardOutput()).simplified();
    if (!words.contains(title.simplified()))
        return QStringLiteral("the first page's text lacks the title \"%1\": %2")
            .arg(title, words.left(300));
    return {};
}

// Every clause of the two runs unchanged over the same turns (what `llmcl diff` reports).
QString differences(const QString &database, qint64 a, qint64 b)
{
    auto db = tracer::WorkspaceDatabase::open(database.toStdString());
    if (!db)
        return QString::fromStdString(db.error().message);
    auto diff = tracer::diffRuns(db.value(), a, b);
    if (!diff)
        return QString::fromStdString(diff.error().message);
    QStringList changes;
    if (diff.value().turnsOnlyInA || diff.value().turnsOnlyInB)
        changes << QStringLiteral("turns only in one run: %1 / %2")
                       .arg(diff.value().turnsOnlyInA)
                       .arg(diff.value().turnsOnlyInB);
    if (diff.value().turnsCompared == 0)
        changes << QStringLiteral("no turn compared");
    for (const tracer::ClauseDiff &clause : diff.value().clauses)
        if (clause.changed())
            changes << QString::fromStdString(clause.clause);
    return changes.join(QStringLiteral(", "));
}

} // namespace

// The Runs side of the Studio driven from the window: replaying the example sessions into the
// workspace database, the Runs panel following runs written by the Studio and by the real
// llmcl binary, the dashboards' figures against SQL over the stored rows, cancel, resume,
// discard, a killed CLI replay offered for completion, and databases that cannot be used.
class TestRuns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void openingAFolderCreatesNoDatabase();
    void replayFromWindowEqualsCli();
    void dashboardMatchesStoredRows();
    void countAxisSteps_data();
    void countAxisSteps();
    void dashboardCountAxesAreWhole();
    void drillDownListsTheTurnsBehindABar();
    void drilledTurnShowsStoredResults();
    void labelIsStored();
    void compareEqualsCliDiff();
    void previewOfUnsavedEdits();
    void reportAsHtmlAndPdf();
    void comparisonReportAsHtmlAndPdf();
    void exportEqualsCli_data();
    void exportEqualsCli();
    void unsavedBufferIsReplayed();
    void cliRunAppearsWhileOpen();
    void cancelThenResumeEqualsUninterrupted();
    void killedCliRunIsOfferedForResume();
    void discardRemovesRun();
    void unusableDatabaseIsReported_data();
    void unusableDatabaseIsReported();
    void lockedDatabaseIsOpenedWhenReleased();
    void diskFullDuringReplay();
    void readOnlyDatabaseIsViewedNotChanged();
    void actionsAreInTheRunsMenu();

private:
    ReplayReport replayAndWait(app::ReplayRequest request);
    // Opens the workspace, replays its sessions and waits for the run's dashboards.
    ReplayReport replayExamplesIntoDashboard();
    // Replays the example sessions, then again with an unsaved edit of quality.llmcl (a tighter
    // length limit in a new contract), and compares the two runs through Compare Runs… (the
    // dialog's default pair). The runs compared; {-1, -1} when something failed.
    std::pair<qint64, qint64> compareBeforeAndAfterEdit();
    // Saves a report with `save` as <name>.html and <name>.pdf (in the test's folder) and
    // checks both: `charts` pictures, embedded in the HTML (which `html` gets) with something
    // drawn on each, and in the PDF, which has pages.
    void saveReportFiles(const std::function<QString(const QString &)> &save, const QString &name,
        int charts, QString &html);
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestRuns::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qRegisterMetaType<llmcl::app::ReplayReport>();
}

void TestRuns::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(copyExamples(m_dir->path()));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    new QAbstractItemModelTester(m_window->runTools()->model(),
        QAbstractItemModelTester::FailureReportingMode::QtTest, m_window.get());
}

void TestRuns::cleanup()
{
    m_window.reset();
    m_dir.reset();
}

ReplayReport TestRuns::replayAndWait(app::ReplayRequest request)
{
    RunTools *tools = m_window->runTools();
    QSignalSpy finished(tools, &RunTools::replayFinished);
    if (!tools->replay(std::move(request)))
        return {};
    if (!finished.wait(kReplayTimeoutMs))
        return {};
    return finished.first().first().value<ReplayReport>();
}

ReplayReport TestRuns::replayExamplesIntoDashboard()
{
    if (!m_window->openWorkspace(m_dir->path()))
        return {};
    RunTools *tools = m_window->runTools();
    const ReplayReport report = replayAndWait(
        tools->replayRequest(QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl"))));
    if (!report.status)
        return report;
    app::RunDashboard *dashboard = tools->dashboard();
    if (!QTest::qWaitFor(
            [&] { return dashboard->figures() && dashboard->run() == report.run; }, 10'000))
        return {};
    return report;
}

void TestRuns::openingAFolderCreatesNoDatabase()
{
    RunTools *tools = m_window->runTools();
    QSignalSpy absent(tools->store(), &app::RunStore::absent);
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    QVERIFY(absent.wait(10'000));
    QVERIFY(!QFile::exists(databaseOf(m_dir->path())));
    QVERIFY(tools->panel()->messageLabel()->isVisibleTo(tools->panel()));
    QVERIFY(tools->panel()->messageLabel()->text().contains(QStringLiteral("No runs yet")));
    QVERIFY(tools->replayAction()->isEnabled());
    QVERIFY(!tools->openAction()->isEnabled());
}

void TestRuns::replayFromWindowEqualsCli()
{
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    const QString sessions = QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl"));
    app::ReplayRequest request = tools->replayRequest(sessions);
    request.fix = true;
    request.jobs = 2;
    QSignalSpy progressed(tools->replayJob(), &app::ReplayJob::progressed);
    const ReplayReport report = replayAndWait(request);
    QVERIFY2(report.status, qPrintable(report.error));
    QCOMPARE(*report.status, tracer::RunStatus::Complete);
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QVERIFY(progressed.count() >= 1);
    // The run is listed (the store sees the other connection's commits) and opened.
    QTRY_COMPARE_WITH_TIMEOUT(tools->model()->rowCount(), 1, 10'000);
    QCOMPARE(tools->model()->runAt(0), report.run);
    // The listing that follows the replay's end (one taken just before said running).
    QTRY_COMPARE_WITH_TIMEOUT(tools->model()->index(0, RunsModel::Status).data().toString(),
        QStringLiteral("complete"), 10'000);
    QCOMPARE(
        tools->model()->index(0, RunsModel::Conversations).data(RunsModel::SortRole).toULongLong(),
        40ULL);
    QTRY_COMPARE_WITH_TIMEOUT(tools->dashboard()->run(), report.run, 5'000);

    // The same contracts and sessions through the real llmcl, into the same database.
    QStringList arguments = {QStringLiteral("replay"), QStringLiteral("--db"),
        databaseOf(m_dir->path()), QStringLiteral("--sessions"), sessions, QStringLiteral("--fix"),
        QStringLiteral("--no-progress")};
    for (const QString &name : QDir(m_dir->path()).entryList({QStringLiteral("*.llmcl")}))
        arguments << QDir(m_dir->path()).filePath(name);
    QString stderrText;
    const int exit = runCli(arguments, &stderrText);
    QVERIFY2(exit == 0 || exit == 1, qPrintable(stderrText));
    QTRY_COMPARE_WITH_TIMEOUT(tools->model()->rowCount(), 2, 10'000);
    const qint64 cliRun = tools->model()->runAt(1);
    QCOMPARE(differences(databaseOf(m_dir->path()), report.run, cliRun), QString());
}

void TestRuns::countAxisSteps_data()
{
    QTest::addColumn<QList<QList<double>>>("sets");
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("step");
    // Qt's own axis puts 5 ticks on 0..5 (0, 1.25, 2.5, …), which "%d" labels 0, 1, 2, 3, 5.
    QTest::newRow("stack-of-5") << QList<QList<double>> {{3, 0}, {1, 1}, {1, 0}} << 5.0 << 1.0;
    QTest::newRow("nothing") << QList<QList<double>> {{0, 0}} << 1.0 << 1.0;
    QTest::newRow("one") << QList<QList<double>> {{1}} << 1.0 << 1.0;
    QTest::newRow("six") << QList<QList<double>> {{6}} << 6.0 << 1.0;
    QTest::newRow("seven") << QList<QList<double>> {{7}} << 8.0 << 2.0;
    QTest::newRow("thirty-seven") << QList<QList<double>> {{30, 2}, {7, 1}} << 40.0 << 10.0;
    QTest::newRow("forty") << QList<QList<double>> {{40, 28}, {0, 0}} << 40.0 << 10.0;
    QTest::newRow("thousands") << QList<QList<double>> {{12'345}} << 15'000.0 << 5'000.0;
}

void TestRuns::countAxisSteps()
{
    QFETCH(QList<QList<double>>, sets);
    QFETCH(double, max);
    QFETCH(double, step);
    QChart chart;
    auto *series = new QStackedBarSeries;
    for (const QList<double> &values : sets) {
        auto *set = new QBarSet(QStringLiteral("set"));
        for (double value : values)
            *set << value;
        series->append(set);
    }
    chart.addSeries(series);
    auto *axis = new QValueAxis;
    chart.addAxis(axis, Qt::AlignLeft);
    series->attachAxis(axis);
    app::fitCountAxis(axis, series);
    QCOMPARE(axis->min(), 0.0);
    QCOMPARE(axis->max(), max);
    QCOMPARE(axis->tickType(), QValueAxis::TicksFixed);
    QCOMPARE(axis->tickCount(), int(max / step) + 1);
}

// Every count axis of the dashboard's charts has its ticks at whole steps from 0, so its "%d"
// labels are the numbers at their ticks, and reaches the highest bar or stack.
void TestRuns::dashboardCountAxesAreWhole()
{
    const ReplayReport report = replayExamplesIntoDashboard();
    QVERIFY2(report.status, qPrintable(report.error));
    app::RunDashboard *dashboard = m_window->runTools()->dashboard();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->figures() && dashboard->run() == report.run, 10'000);
    int axes = 0;
    for (QChartView *view : dashboard->findChildren<QChartView *>()) {
        for (QAbstractAxis *abstractAxis : view->chart()->axes()) {
            auto *axis = qobject_cast<QValueAxis *>(abstractAxis);
            if (!axis)
                continue;
            ++axes;
            const QString where = view->objectName();
            QCOMPARE(axis->min(), 0.0);
            QVERIFY2(axis->tickCount() >= 2, qPrintable(where));
            const double step = axis->max() / (axis->tickCount() - 1);
            QVERIFY2(step >= 1 && step == std::floor(step), qPrintable(where));
            for (QAbstractSeries *attached : view->chart()->series()) {
                auto *bars = qobject_cast<QAbstractBarSeries *>(attached);
                QVERIFY(bars);
                const bool stacked = bars->type() != QAbstractSeries::SeriesTypeBar
                    && bars->type() != QAbstractSeries::SeriesTypeHorizontalBar;
                std::vector<double> heights;
                for (const QBarSet *set : bars->barSets()) {
                    heights.resize(std::max(heights.size(), std::size_t(set->count())));
                    for (int i = 0; i < set->count(); ++i)
                        heights[std::size_t(i)] = stacked
                            ? heights[std::size_t(i)] + set->at(i)
                            : std::max(heights[std::size_t(i)], set->at(i));
                }
                for (double height : heights)
                    QVERIFY2(height <= axis->max(), qPrintable(where));
            }
        }
    }
    QVERIFY(axes >= 5); // severities, latency, failures per clause, turn numbers, kinds, fixes
}

void TestRuns::dashboardMatchesStoredRows()
{
    RunTools *tools = m_window->runTools();
    const ReplayReport report = replayExamplesIntoDashboard();
    QVERIFY2(report.status, qPrintable(report.error));
    app::RunDashboard *dashboard = tools->dashboard();
    // The header names the sessions file even when the dashboard opened the run before the
    // Runs list had it.
    auto *header = dashboard->findChild<QLabel *>(QStringLiteral("RunHeader"));
    QVERIFY(header);
    QTRY_VERIFY2_WITH_TIMEOUT(header->text().contains(QStringLiteral(" · sessions.jsonl · ")),
        qPrintable(header->text()), 10'000);
    auto *clauses = qobject_cast<app::ClauseFiguresModel *>(
        qobject_cast<QSortFilterProxyModel *>(dashboard->clausesView()->model())->sourceModel());
    QVERIFY(clauses);
    QAbstractItemModelTester tester(
        clauses, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Failures per clause counted with SQL over run_turns (one status digit per clause) and the
    // verdicts settled at the ends.
    auto db = tracer::WorkspaceDatabase::open(databaseOf(m_dir->path()).toStdString());
    QVERIFY(db);
    auto query = tracer::Statement::prepare(db.value().connection(),
        "SELECT c.clause, "
        "(SELECT count(*) FROM run_turns t JOIN run_conversations rc ON rc.id = t.conversation "
        " WHERE rc.run = c.run AND substr(t.statuses, c.position, 1) IN ('1', '2')) "
        "+ (SELECT count(*) FROM verdicts v WHERE v.clause = c.id AND v.turn = 0 "
        "   AND v.status IN (1, 2)) "
        "FROM run_clauses c WHERE c.run = ?1");
    QVERIFY(query);
    query.value().bind(1, std::int64_t(report.run));
    std::map<QString, qulonglong> expected;
    QVERIFY(!query.value().forEachRow([&](const tracer::Statement &s) {
        expected[QString::fromUtf8(s.columnText(0).data(), qsizetype(s.columnText(0).size()))] =
            qulonglong(s.columnInt(1));
    }));
    QCOMPARE(clauses->rowCount(), int(expected.size()));
    qulonglong total = 0;
    for (int row = 0; row < clauses->rowCount(); ++row) {
        const QString clause =
            clauses->index(row, app::ClauseFiguresModel::Clause).data().toString();
        const qulonglong failures = clauses->index(row, app::ClauseFiguresModel::Fail)
                                        .data(app::ClauseFiguresModel::SortRole)
                                        .toULongLong()
            + clauses->index(row, app::ClauseFiguresModel::Error)
                  .data(app::ClauseFiguresModel::SortRole)
                  .toULongLong();
        QCOMPARE(failures, expected[clause]);
        total += failures;
    }
    QVERIFY(total > 0); // the examples do fail: a dashboard of zeros proves nothing
    // The p95 column reads the stored histograms.
    tracer::LatencyHistogram histogram;
    auto buckets = tracer::Statement::prepare(db.value().connection(),
        "SELECT l.bucket, l.count FROM clause_latency l JOIN run_clauses c ON c.id = l.clause "
        "WHERE c.run = ?1 AND c.position = 1");
    QVERIFY(buckets);
    buckets.value().bind(1, std::int64_t(report.run));
    QVERIFY(!buckets.value().forEachRow([&](const tracer::Statement &s) {
        histogram.addToBucket(std::size_t(s.columnInt(0)), std::uint64_t(s.columnInt(1)));
    }));
    QCOMPARE(clauses->index(0, app::ClauseFiguresModel::P95)
                 .data(app::ClauseFiguresModel::SortRole)
                 .toLongLong(),
        qint64(histogram.quantile(0.95)));

    // The conflict matrix: every pair of clauses of a stored conflict counts for their two
    // contracts (both ways), counted with SQL over conflicts and run_clauses.
    std::map<std::pair<QString, QString>, qint64> pairs;
    auto conflicts = tracer::Statement::prepare(db.value().connection(),
        "WITH members AS (SELECT c.id AS conflict, j.key AS k, rc.contract AS contract "
        "FROM conflicts c, json_each(c.clauses) j "
        "JOIN run_clauses rc ON rc.run = c.run AND rc.clause = j.value WHERE c.run = ?1) "
        "SELECT a.contract, b.contract, count(*) FROM members a JOIN members b "
        "ON a.conflict = b.conflict AND a.k < b.k GROUP BY a.contract, b.contract");
    QVERIFY(conflicts);
    conflicts.value().bind(1, std::int64_t(report.run));
    QVERIFY(!conflicts.value().forEachRow([&](const tracer::Statement &s) {
        const QString a = QString::fromUtf8(s.columnText(0));
        const QString b = QString::fromUtf8(s.columnText(1));
        pairs[{a, b}] += s.columnInt(2);
        if (a != b)
            pairs[{b, a}] += s.columnInt(2);
    }));
    QVERIFY(!pairs.empty()); // conflicts.llmcl's contracts do conflict
    QStandardItemModel *matrix = dashboard->conflictMatrixModel();
    QCOMPARE(matrix->rowCount(), matrix->columnCount());
    std::map<std::pair<QString, QString>, qint64> shown;
    for (int row = 0; row < matrix->rowCount(); ++row)
        for (int column = 0; column < matrix->columnCount(); ++column)
            if (const qint64 count = matrix->index(row, column).data(Qt::UserRole).toLongLong())
                shown[{matrix->verticalHeaderItem(row)->text(),
                    matrix->horizontalHeaderItem(column)->text()}] = count;
    QCOMPARE(shown, pairs);
}

// Every row of the drill-down model, fetched page by page: "position:turn" of each.
static QStringList allDrillRows(app::DrillTurnsModel *model)
{
    QSignalSpy pages(model, &app::DrillTurnsModel::pageLoaded);
    if (model->isFetching() && !pages.wait(10'000))
        return {QStringLiteral("timeout")};
    while (model->canFetchMore({})) {
        model->fetchMore({});
        if (!pages.wait(10'000))
            return {QStringLiteral("timeout")};
    }
    QStringList rows;
    for (int row = 0; row < model->rowCount(); ++row)
        rows << QStringLiteral("%1:%2")
                    .arg(model->turnAt(row).conversationPosition)
                    .arg(model->turnAt(row).turn);
    return rows;
}

static QStringList sqlRows(const QString &database, const char *sql, qint64 run)
{
    auto db = tracer::WorkspaceDatabase::open(database.toStdString());
    if (!db)
        return {QString::fromStdString(db.error().message)};
    auto query = tracer::Statement::prepare(db.value().connection(), sql);
    if (!query)
        return {QString::fromStdString(query.error().message)};
    query.value().bind(1, std::int64_t(run));
    QStringList rows;
    if (query.value().forEachRow([&](const tracer::Statement &s) {
            rows << QStringLiteral("%1:%2").arg(s.columnInt(0)).arg(s.columnInt(1));
        }))
        return {QStringLiteral("query failed")};
    return rows;
}

void TestRuns::drillDownListsTheTurnsBehindABar()
{
    RunTools *tools = m_window->runTools();
    const ReplayReport report = replayExamplesIntoDashboard();
    QVERIFY2(report.status, qPrintable(report.error));
    app::RunDashboard *dashboard = tools->dashboard();
    app::DrillTurnsModel *drill = dashboard->drillModel();
    QAbstractItemModelTester tester(drill, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString database = databaseOf(m_dir->path());

    // The bar of turn number 1 in "Failing turns by turn number".
    dashboard->drillTurnNumber(1);
    const QStringList turnOne = allDrillRows(drill);
    QCOMPARE(turnOne,
        sqlRows(database,
            "SELECT rc.position, t.turn FROM run_turns t "
            "JOIN run_conversations rc ON rc.id = t.conversation "
            "WHERE rc.run = ?1 AND t.turn = 1 AND (instr(t.statuses, '1') OR instr(t.statuses, "
            "'2')) "
            "ORDER BY rc.position",
            report.run));
    QVERIFY(!turnOne.isEmpty());

    // The fail bar of the clause that fails most.
    std::size_t most = 0;
    const app::RunFigures *figures = dashboard->figures();
    for (std::size_t i = 0; i < figures->counts.size(); ++i)
        if (figures->counts[i].fail > figures->counts[most].fail)
            most = i;
    QVERIFY(figures->counts[most].fail > 0);
    dashboard->drillStatus(most, engine::ClauseStatus::Fail);
    const QStringList failing = allDrillRows(drill);
    const QByteArray sql = "SELECT rc.position, t.turn FROM run_turns t "
                           "JOIN run_conversations rc ON rc.id = t.conversation "
                           "WHERE rc.run = ?1 AND substr(t.statuses, "
        + QByteArray::number(qulonglong(most + 1)) + ", 1) = '1' ORDER BY rc.position, t.turn";
    QCOMPARE(failing, sqlRows(database, sql.constData(), report.run));
    QVERIFY(drill->description().contains(QString::fromStdString(figures->clauses[most].id)));

    // Its clause, activated in the list, opens in its file, the clause's range selected (the
    // file is unchanged).
    const tracer::StoredClause &clause = figures->clauses[most];
    QTableView *view = dashboard->drillView();
    view->setCurrentIndex(view->model()->index(0, app::DrillTurnsModel::Clause));
    QTest::keyClick(view, Qt::Key_Return);
    editor::ContractEditor *editor = m_window->currentEditor();
    QVERIFY(editor);
    QCOMPARE(editor->filePath(), QString::fromStdString(clause.file));
    QVERIFY(editor->hasSelectedText());
    QVERIFY(editor->selectedText().contains(QStringLiteral("ensure"))
        || editor->selectedText().contains(QStringLiteral("require"))
        || editor->selectedText().contains(QStringLiteral("temporal")));
}

void TestRuns::drilledTurnShowsStoredResults()
{
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    app::ReplayRequest request =
        tools->replayRequest(QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl")));
    request.storeDetail = true; // the explanations are stored too
    const ReplayReport report = replayAndWait(request);
    QVERIFY2(report.status, qPrintable(report.error));
    app::RunDashboard *dashboard = tools->dashboard();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->figures() && dashboard->run() == report.run, 10'000);
    const app::RunFigures *figures = dashboard->figures();
    std::size_t most = 0;
    for (std::size_t i = 0; i < figures->counts.size(); ++i)
        if (figures->counts[i].fail > figures->counts[most].fail)
            most = i;
    dashboard->drillStatus(most, engine::ClauseStatus::Fail);
    QVERIFY(!allDrillRows(dashboard->drillModel()).isEmpty());

    // A listed turn, activated from the keyboard, opens in the stepper at that turn.
    QTableView *view = dashboard->drillView();
    const QModelIndex index =
        view->model()->index(view->model()->rowCount() - 1, app::DrillTurnsModel::Turn);
    const auto *proxy = qobject_cast<const QSortFilterProxyModel *>(view->model());
    const tracer::DrillTurn turn =
        dashboard->drillModel()->turnAt(proxy ? proxy->mapToSource(index).row() : index.row());
    QSignalSpy shown(tools, &RunTools::storedTurnShown);
    view->setCurrentIndex(index);
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(shown.count() == 1 || shown.wait(10'000));
    app::StepperDock *dock = m_window->debugTools()->stepperDock();
    app::ConversationStepper *stepper = dock->stepper();
    QCOMPARE(stepper->storedRun(), report.run);
    QCOMPARE(stepper->current(), int(turn.turn) - 1);
    QCOMPARE(stepper->conversation()->id, turn.conversation);
    QVERIFY(dock->storedLabel()->isVisibleTo(dock));
    QVERIFY(dock->storedLabel()->text().contains(QStringLiteral("run %1").arg(report.run)));

    // Its verdicts are the stored ones: every clause's status as run_turns has it, the
    // clause asked about failing with its explanation.
    const auto statusesNow = [&] {
        QString digits;
        for (const engine::ClauseVerdict *verdict : stepper->verdicts(stepper->current()))
            digits += QString::number(int(verdict->status));
        return digits;
    };
    auto db = tracer::WorkspaceDatabase::open(databaseOf(m_dir->path()).toStdString());
    QVERIFY(db);
    auto stored = tracer::Statement::prepare(db.value().connection(),
        "SELECT statuses FROM run_turns WHERE conversation = ?1 AND turn = ?2");
    QVERIFY(stored);
    stored.value().bind(1, turn.conversationKey).bind(2, turn.turn);
    auto row = stored.value().step();
    QVERIFY(row && row.value());
    const QString expected = QString::fromUtf8(stored.value().columnText(0));
    QCOMPARE(statusesNow(), expected);
    const std::vector<const engine::ClauseVerdict *> verdicts =
        stepper->verdicts(stepper->current());
    QCOMPARE(verdicts[most]->id(), figures->clauses[most].id);
    QCOMPARE(verdicts[most]->status, engine::ClauseStatus::Fail);
    QVERIFY(!verdicts[most]->values.empty());
    // The conversation's texts are the imported ones.
    QVERIFY(!stepper->conversation()->turns[std::size_t(turn.turn - 1)].content.empty());

    // Editing the contracts does not evaluate it again...
    const QString safety = QDir(m_dir->path()).filePath(QStringLiteral("safety.llmcl"));
    QVERIFY(m_window->openFile(safety));
    const auto contractsBefore = stepper->contracts();
    m_window->currentEditor()->append(QStringLiteral(
        "\ncontract EditedSince {\n    ensure len(response) < 1 message: \"never passes\"\n}\n"));
    QTRY_VERIFY_WITH_TIMEOUT(
        stepper->contracts() && stepper->contracts() != contractsBefore, 10'000);
    QCOMPARE(stepper->storedRun(), report.run);
    QCOMPARE(statusesNow(), expected);
    QVERIFY(!stepper->isBusy());
    // ...until the user asks for it: then the clause added since is there.
    const int evaluations = stepper->evaluationsApplied();
    Q_EMIT dock->storedLabel()->linkActivated(QStringLiteral("evaluate"));
    QCOMPARE(stepper->storedRun(), qint64(-1));
    QVERIFY(!dock->storedLabel()->isVisibleTo(dock));
    QTRY_VERIFY_WITH_TIMEOUT(stepper->evaluationsApplied() > evaluations, 10'000);
    bool added = false;
    for (const engine::ClauseVerdict *verdict : stepper->verdicts(stepper->current()))
        added = added || verdict->id() == "EditedSince#1";
    QVERIFY(added);
}

void TestRuns::labelIsStored()
{
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    const ReplayReport report = replayAndWait(
        tools->replayRequest(QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl"))));
    QVERIFY(report.status);
    tools->store()->setLabel(report.run, QStringLiteral("  before the NoPII edit "));
    QTRY_COMPARE_WITH_TIMEOUT(tools->model()->index(0, RunsModel::Label).data().toString(),
        QStringLiteral("before the NoPII edit"), 10'000);
    auto db = tracer::WorkspaceDatabase::open(databaseOf(m_dir->path()).toStdString());
    QVERIFY(db);
    auto runs = db.value().runs();
    QVERIFY(runs && runs.value().size() == 1);
    QCOMPARE(
        runs.value().front().label.value_or(std::string()), std::string("before the NoPII edit"));
    tools->store()->setLabel(report.run, QString());
    QTRY_COMPARE_WITH_TIMEOUT(
        tools->model()->index(0, RunsModel::Label).data().toString(), QString(), 10'000);
}

std::pair<qint64, qint64> TestRuns::compareBeforeAndAfterEdit()
{
    const std::pair<qint64, qint64> failed {-1, -1};
    if (!m_window->openWorkspace(m_dir->path()))
        return failed;
    RunTools *tools = m_window->runTools();
    const QString sessions = QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl"));
    const ReplayReport before = replayAndWait(tools->replayRequest(sessions));
    if (!before.status)
        return failed;
    // The second run replays an unsaved edit: a tighter length limit and a new clause.
    if (!m_window->openFile(QDir(m_dir->path()).filePath(QStringLiteral("quality.llmcl"))))
        return failed;
    m_window->currentEditor()->append(QStringLiteral(
        "\ncontract Stricter {\n    ensure len(response) < 400 message: \"long\"\n}\n"));
    const ReplayReport after = replayAndWait(tools->replayRequest(sessions));
    if (!after.status || !QTest::qWaitFor([&] { return tools->model()->rowCount() == 2; }, 10'000))
        return failed;
    // Runs › Compare Runs… offers the last two runs over the same sessions file.
    QSignalSpy loaded(tools->comparisonView(), &app::ComparisonView::loaded);
    tools->compareAction()->trigger();
    auto *dialog = m_window->findChild<app::CompareDialog *>();
    if (!dialog || !dialog->isVisible() || dialog->runA() != before.run
        || dialog->runB() != after.run) {
        qWarning("Compare Runs… did not offer runs %lld and %lld", before.run, after.run);
        return failed;
    }
    dialog->accept();
    if (!loaded.wait(30'000))
        return failed;
    return {before.run, after.run};
}

void TestRuns::compareEqualsCliDiff()
{
    RunTools *tools = m_window->runTools();
    const auto [a, b] = compareBeforeAndAfterEdit();
    QVERIFY(a >= 0);
    QCOMPARE(app::CompareDialog::defaultPair(tools->store()->runs(), -1), std::make_pair(a, b));
    app::ComparisonModel *model = tools->comparisonView()->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // The same numbers as `llmcl diff --format json`.
    QProcess cli;
    cli.start(llmcl::test::cliPath(),
        {QStringLiteral("diff"), QStringLiteral("--db"), databaseOf(m_dir->path()),
            QString::number(a), QString::number(b), QStringLiteral("--format"),
            QStringLiteral("json")});
    QVERIFY(cli.waitForFinished(kReplayTimeoutMs));
    const QJsonObject json = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    const QJsonArray changed = json.value(QStringLiteral("clauses")).toArray();
    QVERIFY(!changed.isEmpty());
    QCOMPARE(qint64(model->comparison()->diff.turnsCompared),
        json.value(QStringLiteral("turns_compared")).toInteger());
    int modelChanged = 0;
    for (const tracer::ClauseDiff &clause : model->comparison()->diff.clauses)
        modelChanged += clause.changed() ? 1 : 0;
    QCOMPARE(modelChanged, int(changed.size()));
    // The model's row of the clause a JSON object names, -1 when none.
    const auto rowOf = [&](const QJsonObject &clause) {
        const QString id = clause.value(QStringLiteral("clause")).toString();
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->index(r, app::ComparisonModel::Clause).data().toString() == id)
                return r;
        return -1;
    };
    for (const QJsonValue &value : changed) {
        const QJsonObject clause = value.toObject();
        const int row = rowOf(clause);
        QVERIFY2(row >= 0, qPrintable(clause.value(QStringLiteral("clause")).toString()));
        const auto number = [&](int column) {
            return model->index(row, column).data(app::ComparisonModel::SortRole).toLongLong();
        };
        if (clause.value(QStringLiteral("presence")).toString() == QLatin1String("both")) {
            QCOMPARE(number(app::ComparisonModel::NewFailures),
                clause.value(QStringLiteral("new_failures")).toInteger());
            QCOMPARE(number(app::ComparisonModel::NewPasses),
                clause.value(QStringLiteral("new_passes")).toInteger());
            QCOMPARE(number(app::ComparisonModel::OtherChanges),
                clause.value(QStringLiteral("other_changes")).toInteger());
            QCOMPARE(number(app::ComparisonModel::ChangedFixes),
                clause.value(QStringLiteral("changed_fixes")).toInteger());
        } else {
            QVERIFY(model->index(row, app::ComparisonModel::Change)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("added")));
        }
    }
    // The latency of every clause of both runs: each run's p50 and p95 and the deltas the
    // sortable columns show, as `llmcl diff --format json` reports them.
    const QJsonArray latency = json.value(QStringLiteral("latency")).toArray();
    int both = 0;
    for (const tracer::ClauseDiff &clause : model->comparison()->diff.clauses)
        both += clause.presence == tracer::ClauseDiff::Presence::Both ? 1 : 0;
    QCOMPARE(int(latency.size()), both);
    QVERIFY(both > 10);
    int withDelta = 0;
    for (const QJsonValue &value : latency) {
        const QJsonObject clause = value.toObject();
        const QString id = clause.value(QStringLiteral("clause")).toString();
        const int row = rowOf(clause);
        QVERIFY2(row >= 0, qPrintable(id));
        const tracer::ClauseDiff &diff = model->comparison()->diff.clauses[std::size_t(row)];
        QVERIFY(diff.inA && diff.inB);
        for (const auto &[side, in] : {std::pair {QStringLiteral("a"), &*diff.inA},
                 std::pair {QStringLiteral("b"), &*diff.inB}}) {
            const QJsonObject figures = clause.value(side).toObject();
            QCOMPARE(figures.value(QStringLiteral("count")).toInteger(), qint64(in->latency.count));
            QCOMPARE(figures.value(QStringLiteral("p50_ns")).toInteger(), in->latency.p50);
            QCOMPARE(figures.value(QStringLiteral("p95_ns")).toInteger(), in->latency.p95);
        }
        for (const auto &[column, member] :
            {std::pair {int(app::ComparisonModel::P50Delta), QStringLiteral("p50_delta_ns")},
                std::pair {int(app::ComparisonModel::P95Delta), QStringLiteral("p95_delta_ns")}}) {
            const QModelIndex cell = model->index(row, column);
            const QJsonValue delta = clause.value(member);
            if (delta.isNull()) {
                QVERIFY2(cell.data().toString().isEmpty(), qPrintable(id));
                continue;
            }
            ++withDelta;
            QCOMPARE(cell.data(app::ComparisonModel::SortRole).toLongLong(), delta.toInteger());
            QCOMPARE(cell.data().toString(), app::latencyDeltaText(delta.toInteger()));
        }
    }
    QVERIFY(withDelta > 0);
    // Sorting on a delta column orders the rows by the delta.
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(tools->comparisonView()->view()->model());
    QVERIFY(proxy);
    tools->comparisonView()->view()->sortByColumn(
        app::ComparisonModel::P95Delta, Qt::DescendingOrder);
    for (int r = 1; r < proxy->rowCount(); ++r)
        QVERIFY(proxy->index(r - 1, app::ComparisonModel::P95Delta)
                    .data(app::ComparisonModel::SortRole)
                    .toLongLong()
            >= proxy->index(r, app::ComparisonModel::P95Delta)
                .data(app::ComparisonModel::SortRole)
                .toLongLong());

    // A clause that changed lists example turns; one that did not, none.
    for (int r = 0; r < model->rowCount(); ++r) {
        qint64 changes = 0;
        for (int column : {app::ComparisonModel::NewFailures, app::ComparisonModel::NewPasses,
                 app::ComparisonModel::OtherChanges, app::ComparisonModel::ChangedFixes})
            changes += model->index(r, column).data(app::ComparisonModel::SortRole).toLongLong();
        tools->comparisonView()->showExamples(r);
        QCOMPARE(tools->comparisonView()->examplesModel()->rowCount() > 0, changes > 0);
    }
}

void TestRuns::previewOfUnsavedEdits()
{
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    const ReplayReport base = replayAndWait(
        tools->replayRequest(QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl"))));
    QVERIFY2(base.status, qPrintable(base.error));
    QTRY_VERIFY_WITH_TIMEOUT(tools->store()->run(base.run), 10'000);
    QVERIFY(m_window->openFile(QDir(m_dir->path()).filePath(QStringLiteral("quality.llmcl"))));
    m_window->currentEditor()->append(QStringLiteral(
        "\ncontract Preview {\n    ensure not contains(response, \"zq-never-seen-zq\")\n}\n"));
    QSignalSpy compared(tools->comparisonView(), &app::ComparisonView::loaded);
    QVERIFY(tools->previewEdits(base.run));
    QVERIFY(compared.wait(kReplayTimeoutMs));
    const qint64 preview = compared.first().at(1).toLongLong();
    QCOMPARE(compared.first().at(0).toLongLong(), base.run);
    QVERIFY(preview > base.run);
    // Only the contracts differ: the clauses of the saved files are unchanged, the new one added
    // (a clause that passes whatever the fixes do and conflicts with none).
    const RunComparison *comparison = tools->comparisonView()->model()->comparison();
    QVERIFY(comparison);
    bool added = false;
    for (const tracer::ClauseDiff &clause : comparison->diff.clauses) {
        if (clause.clause == "Preview#1")
            added = clause.presence == tracer::ClauseDiff::Presence::OnlyInB;
        else
            QVERIFY2(!clause.changed(), clause.clause.c_str());
    }
    QVERIFY(added);
    QTRY_COMPARE_WITH_TIMEOUT(
        QString::fromStdString(
            tools->store()->run(preview)->listing.summary.label.value_or(std::string())),
        QStringLiteral("preview of edits against run %1").arg(base.run), 10'000);
}

void TestRuns::reportAsHtmlAndPdf()
{
    RunTools *tools = m_window->runTools();
    const ReplayReport report = replayExamplesIntoDashboard();
    QVERIFY2(report.status, qPrintable(report.error));
    app::RunDashboard *dashboard = tools->dashboard();
    QTRY_VERIFY(tools->reportAction()->isEnabled());
    // The options come from the run's row in the Runs panel, listed after the replay's end.
    QTRY_VERIFY_WITH_TIMEOUT(tools->store()->run(report.run), 10'000);
    QTRY_VERIFY2_WITH_TIMEOUT(dashboard->figures() && dashboard->run() == report.run,
        qPrintable(QStringLiteral("dashboard of run %1, figures %2")
                .arg(dashboard->run())
                .arg(dashboard->figures() ? 1 : 0)),
        10'000);

    QString html;
    saveReportFiles([&](const QString &path) { return tools->saveReport(path); },
        QStringLiteral("report"), 6, html);
    if (QTest::currentTestFailed())
        return;
    // Every clause, every contract snapshot's hash and the options are in it.
    for (const tracer::StoredClause &clause : dashboard->figures()->clauses)
        QVERIFY2(html.contains(QString::fromStdString(clause.id)), clause.id.c_str());
    for (const tracer::RunContract &contract : dashboard->figures()->contracts)
        QVERIFY(html.contains(QString::fromStdString(contract.hash)));
    QVERIFY(html.contains(QStringLiteral("&quot;fix&quot;:true")));
}

void TestRuns::saveReportFiles(const std::function<QString(const QString &)> &save,
    const QString &name, int charts, QString &html)
{
    const QDir dir(m_dir->path());
    const QString htmlPath = dir.filePath(name + QStringLiteral(".html"));
    QCOMPARE(save(htmlPath), QString());
    html = textOf(htmlPath);
    // The charts are embedded pictures with something drawn on them: self-contained.
    QCOMPARE(drawnPictures(html), charts);
    QVERIFY(!html.contains(QStringLiteral("src=\"http")));
    const QString pdfPath = dir.filePath(name + QStringLiteral(".pdf"));
    QCOMPARE(save(pdfPath), QString());
    QVERIFY(pdfPictures(pdfPath) >= charts);
    static const QRegularExpression titleElement(QStringLiteral("<title>([^<]+)</title>"));
    const QRegularExpressionMatch title = titleElement.match(html);
    QVERIFY2(title.hasMatch(), "the HTML report has no title");
    QTextDocument plain;
    plain.setHtml(title.captured(1));
    const QString problem = firstPageProblem(pdfPath, plain.toPlainText());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestRuns::comparisonReportAsHtmlAndPdf()
{
    RunTools *tools = m_window->runTools();
    QVERIFY(!tools->comparisonReportAction()->isEnabled());
    QVERIFY(!tools->saveComparisonReport(QDir(m_dir->path()).filePath(QStringLiteral("no.html")))
            .isEmpty());
    const auto [a, b] = compareBeforeAndAfterEdit();
    QVERIFY(a >= 0);
    QVERIFY(tools->comparisonReportAction()->isEnabled());
    const RunComparison *comparison = tools->comparisonView()->model()->comparison();
    QVERIFY(comparison);

    // The chart of failures per clause in both runs.
    QString html;
    saveReportFiles([&](const QString &path) { return tools->saveComparisonReport(path); },
        QStringLiteral("comparison"), 1, html);
    if (QTest::currentTestFailed())
        return;
    // Both runs with every contract snapshot's hash; quality.llmcl's differ (the edit).
    QCOMPARE(comparison->a.summary.id, a);
    QCOMPARE(comparison->b.summary.id, b);
    QVERIFY(!comparison->a.snapshots.empty());
    for (const tracer::RunListing *run : {&comparison->a, &comparison->b})
        for (const tracer::RunSnapshot &snapshot : run->snapshots)
            QVERIFY2(html.contains(QString::fromStdString(snapshot.hash)), snapshot.file.c_str());
    QVERIFY(html.contains(QStringLiteral("&quot;fix&quot;:")));
    // Every changed clause with its counts and example turns; every clause of both runs with
    // its latency deltas.
    int changed = 0;
    for (const tracer::ClauseDiff &clause : comparison->diff.clauses) {
        const QString id = QString::fromStdString(clause.clause);
        if (clause.changed()) {
            ++changed;
            QVERIFY2(html.contains(QStringLiteral("<td>%1</td><td>%2</td>")
                             .arg(id, app::ComparisonModel::changeText(clause))),
                qPrintable(id));
            for (const auto &examples : app::ComparisonModel::examples(clause))
                for (const tracer::DiffExample &example : *examples.turns)
                    QVERIFY2(html.contains(QString::fromStdString(example.conversation)),
                        example.conversation.c_str());
        }
        if (const std::optional<std::int64_t> delta = clause.p95DeltaNs())
            QVERIFY2(html.contains(app::latencyDeltaText(*delta)), qPrintable(id));
    }
    QVERIFY(changed > 0);
    QVERIFY(html.contains(QStringLiteral("Stricter#1")));
}

void TestRuns::exportEqualsCli_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("redact");
    for (const char *format : {"llmcl", "chrome", "otlp"}) {
        QTest::addRow("%s", format) << QString::fromLatin1(format) << false;
        QTest::addRow("%s-redacted", format) << QString::fromLatin1(format) << true;
    }
    QTest::addRow("prometheus") << QStringLiteral("prometheus") << false;
}

void TestRuns::exportEqualsCli()
{
    QFETCH(QString, format);
    QFETCH(bool, redact);
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    app::ReplayRequest request =
        tools->replayRequest(QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl")));
    request.storeDetail = true; // a trace shows the explanations
    const ReplayReport report = replayAndWait(request);
    QVERIFY2(report.status, qPrintable(report.error));
    QTRY_VERIFY_WITH_TIMEOUT(tools->store()->run(report.run), 10'000);

    const QString studioPath = QDir(m_dir->path()).filePath(QStringLiteral("studio.out"));
    QSignalSpy exported(tools, &RunTools::exportFinished);
    tools->exportRun(
        report.run, *tracer::exportFormatFromName(format.toStdString()), redact, studioPath);
    QVERIFY(exported.wait(30'000));
    QCOMPARE(exported.first().at(1).toString(), QString());
    QFile studio(studioPath);
    QVERIFY(studio.open(QIODevice::ReadOnly));
    const QByteArray studioBytes = studio.readAll();
    QVERIFY(studioBytes.size() > 100);
    // No partial file is left beside it.
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("studio.out.part*")}), QStringList());
    if (format == QLatin1String("prometheus")) {
        QVERIFY(studioBytes.contains("# TYPE "));
        return;
    }
    const QString cliPath = QDir(m_dir->path()).filePath(QStringLiteral("cli.out"));
    QStringList arguments = {QStringLiteral("export"), QStringLiteral("--db"),
        databaseOf(m_dir->path()), QString::number(report.run), QStringLiteral("--trace-format"),
        format, QStringLiteral("-o"), cliPath};
    if (redact)
        arguments << QStringLiteral("--redact-pii");
    QString stderrText;
    QCOMPARE(runCli(arguments, &stderrText), 0);
    QFile cli(cliPath);
    QVERIFY(cli.open(QIODevice::ReadOnly));
    QVERIFY(studioBytes == cli.readAll());
}

void TestRuns::unsavedBufferIsReplayed()
{
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    const QString safety = QDir(m_dir->path()).filePath(QStringLiteral("safety.llmcl"));
    QVERIFY(m_window->openFile(safety));
    editor::ContractEditor *editor = m_window->currentEditor();
    QVERIFY(editor);
    const QString added = QStringLiteral(
        "\ncontract UnsavedRule {\n    ensure len(response) < 1 message: \"never passes\"\n}\n");
    editor->append(added);
    QVERIFY(editor->isModified());
    const ReplayReport report = replayAndWait(m_window->runTools()->replayRequest(
        QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl"))));
    QVERIFY2(report.status, qPrintable(report.error));
    auto db = tracer::WorkspaceDatabase::open(databaseOf(m_dir->path()).toStdString());
    QVERIFY(db);
    auto reader = tracer::RunReader::open(db.value(), report.run);
    QVERIFY(reader);
    bool snapshotted = false;
    for (const tracer::ContractSource &contract : reader.value().info().contracts)
        if (QString::fromStdString(contract.file) == safety)
            snapshotted = QString::fromStdString(contract.source) == editor->text();
    QVERIFY(snapshotted);
    bool clauseStored = false;
    for (const tracer::StoredClause &clause : reader.value().clauses())
        clauseStored = clauseStored || clause.id == "UnsavedRule#1";
    QVERIFY(clauseStored);
    // The file on disk is untouched, and the run says its contract changed since.
    QFile file(safety);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!QString::fromUtf8(file.readAll()).contains(QStringLiteral("UnsavedRule")));
    RunsModel *model = m_window->runTools()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(model->index(0, 0).data(RunsModel::ChangedRole).toBool(), 5'000);
    // Its clauses are not selected in the file that no longer has the run's text, but in the
    // run's read-only snapshot of it on the dashboard's Contracts page.
    RunTools *tools = m_window->runTools();
    tools->openRun(report.run);
    QTRY_VERIFY_WITH_TIMEOUT(tools->dashboard()->figures(), 10'000);
    app::RunDashboard *dashboard = tools->dashboard();
    bool shown = false;
    for (const tracer::StoredClause &clause : dashboard->figures()->clauses)
        if (clause.id == "UnsavedRule#1") {
            QSignalSpy snapshot(dashboard, &app::RunDashboard::snapshotShown);
            QVERIFY(tools->showClause(clause));
            QVERIFY(snapshot.count() == 1 || snapshot.wait(10'000));
            QCOMPARE(snapshot.front().front().toString(), safety);
            QCOMPARE(dashboard->pages()->currentIndex(), int(app::RunDashboard::ContractsPage));
            editor::ContractEditor *view = dashboard->snapshotView();
            QVERIFY(view->isReadOnly());
            QCOMPARE(view->text(), editor->text()); // what the run used: the unsaved buffer
            QVERIFY(view->selectedText().startsWith(QStringLiteral("ensure len(response) < 1")));
            QVERIFY(dashboard->snapshotFiles()->currentText().contains(QStringLiteral("changed")));
            // Typing does not change it.
            view->setFocus();
            QTest::keyClicks(view, QStringLiteral("xyz"));
            QCOMPARE(view->text(), editor->text());
            shown = true;
        }
    QVERIFY(shown);
}

void TestRuns::cliRunAppearsWhileOpen()
{
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunsModel *model = m_window->runTools()->model();
    QSignalSpy absent(m_window->runTools()->store(), &app::RunStore::absent);
    QVERIFY(absent.wait(10'000));
    QStringList arguments = {QStringLiteral("replay"), QStringLiteral("--db"),
        databaseOf(m_dir->path()), QStringLiteral("--sessions"),
        QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl")),
        QStringLiteral("--no-progress"),
        QDir(m_dir->path()).filePath(QStringLiteral("safety.llmcl"))};
    QString stderrText;
    const int exit = runCli(arguments, &stderrText);
    QVERIFY2(exit == 0 || exit == 1, qPrintable(stderrText));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(
        model->index(0, RunsModel::Status).data().toString(), QStringLiteral("complete"), 5'000);
    // A second one, to a database that is open now.
    QVERIFY2(runCli(arguments, &stderrText) >= 0, qPrintable(stderrText));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 10'000);
}

void TestRuns::cancelThenResumeEqualsUninterrupted()
{
    const QString sessions = writeExampleSessions(
        m_dir->path(), 120, QStringLiteral("large.jsonl")); // 4,800 conversations
    QVERIFY(!sessions.isEmpty());
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    app::ReplayRequest request = tools->replayRequest(sessions);
    request.jobs = 1;
    QSignalSpy finished(tools, &RunTools::replayFinished);
    // Cancel at the first report of stored turns, when the window reads it. Polling the last
    // report instead can miss the replaying phase altogether: on a busy machine the window reads
    // the first progress report and the one that ends the run in the same pass (a hang of 300 s
    // in CI, where the failing QTRY waits three times its timeout before it reports).
    bool triggered = false;
    bool cancelEnabled = false;
    const QMetaObject::Connection cancelling = connect(
        tools->replayJob(), &app::ReplayJob::progressed, this, [&](const ReplayReport &report) {
            if (report.phase != ReplayReport::Phase::Replaying || report.progress.turns == 0
                || triggered)
                return;
            triggered = true;
            cancelEnabled = tools->cancelAction()->isEnabled();
            tools->cancelAction()->trigger();
        });
    QVERIFY(tools->replay(request));
    QVERIFY(finished.wait(kReplayTimeoutMs));
    disconnect(cancelling);
    QVERIFY(cancelEnabled);
    const ReplayReport cancelled = finished.first().first().value<ReplayReport>();
    QVERIFY(cancelled.status);
    QCOMPARE(*cancelled.status, tracer::RunStatus::Cancelled);

    QTRY_VERIFY_WITH_TIMEOUT(tools->store()->run(cancelled.run), 10'000);
    tools->panel()->selectRun(cancelled.run);
    QTRY_VERIFY(tools->resumeAction()->isEnabled());
    finished.clear();
    tools->resumeAction()->trigger();
    QVERIFY(finished.wait(kReplayTimeoutMs));
    const ReplayReport resumed = finished.first().first().value<ReplayReport>();
    QVERIFY2(resumed.status, qPrintable(resumed.error));
    QCOMPARE(*resumed.status, tracer::RunStatus::Complete);
    QCOMPARE(resumed.run, cancelled.run);

    const ReplayReport whole = replayAndWait(request);
    QVERIFY(whole.status);
    QCOMPARE(*whole.status, tracer::RunStatus::Complete);
    QCOMPARE(differences(databaseOf(m_dir->path()), whole.run, resumed.run), QString());
}

void TestRuns::killedCliRunIsOfferedForResume()
{
    const QString sessions =
        writeExampleSessions(m_dir->path(), 300, QStringLiteral("large.jsonl"));
    QStringList arguments = {QStringLiteral("replay"), QStringLiteral("--db"),
        databaseOf(m_dir->path()), QStringLiteral("--sessions"), sessions, QStringLiteral("--jobs"),
        QStringLiteral("1"), QStringLiteral("--no-progress")};
    for (const QString &name : QDir(m_dir->path()).entryList({QStringLiteral("*.llmcl")}))
        arguments << QDir(m_dir->path()).filePath(name);
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    QProcess cli;
    cli.start(llmcl::test::cliPath(), arguments);
    QVERIFY(cli.waitForStarted());
    // Shown as running while the CLI writes it, with its turns growing.
    QTRY_VERIFY_WITH_TIMEOUT(tools->model()->rowCount() == 1
            && tools->model()->index(0, RunsModel::Turns).data(RunsModel::SortRole).toULongLong()
                > 0,
        kReplayTimeoutMs);
    // (12,000 conversations with one job: seconds of writing, many polls of 500 ms.)
    QCOMPARE(
        tools->model()->index(0, RunsModel::Status).data().toString(), QStringLiteral("running"));
    ::kill(pid_t(cli.processId()), SIGKILL);
    QVERIFY(cli.waitForFinished());
    // Its lock died with it: the listing marks it incomplete, and the panel offers it.
    QTRY_COMPARE_WITH_TIMEOUT(tools->model()->index(0, RunsModel::Status).data().toString(),
        QStringLiteral("incomplete"), 10'000);
    const qint64 run = tools->model()->runAt(0);

    // The next start offers resume or discard.
    m_window = std::make_unique<MainWindow>();
    tools = m_window->runTools();
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    QTRY_VERIFY_WITH_TIMEOUT(
        tools->panel()->messageLabel()->text().contains(QStringLiteral("resume:%1").arg(run)),
        10'000);
    QSignalSpy finished(tools, &RunTools::replayFinished);
    Q_EMIT tools->panel()->messageLabel()->linkActivated(QStringLiteral("resume:%1").arg(run));
    QVERIFY(finished.wait(kReplayTimeoutMs));
    const ReplayReport resumed = finished.first().first().value<ReplayReport>();
    QVERIFY2(resumed.status, qPrintable(resumed.error));
    QCOMPARE(*resumed.status, tracer::RunStatus::Complete);

    // Equal to an uninterrupted replay of the same contracts (by the CLI).
    QString stderrText;
    const int exit = runCli(arguments, &stderrText);
    QVERIFY2(exit == 0 || exit == 1, qPrintable(stderrText));
    auto db = tracer::WorkspaceDatabase::open(databaseOf(m_dir->path()).toStdString());
    QVERIFY(db);
    auto last = db.value().resolveRun("last");
    QVERIFY(last);
    QCOMPARE(differences(databaseOf(m_dir->path()), last.value(), run), QString());
}

void TestRuns::discardRemovesRun()
{
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    const ReplayReport report = replayAndWait(
        tools->replayRequest(QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl"))));
    QVERIFY(report.status);
    // The listing that follows the replay's end says complete (one taken while it was still
    // being written said running, which refuses a discard).
    QTRY_COMPARE_WITH_TIMEOUT(tools->model()->index(0, RunsModel::Status).data().toString(),
        QStringLiteral("complete"), 10'000);
    tools->discardRun(report.run, false);
    QTRY_COMPARE_WITH_TIMEOUT(tools->model()->rowCount(), 0, 10'000);
    auto db = tracer::WorkspaceDatabase::open(databaseOf(m_dir->path()).toStdString());
    QVERIFY(db);
    QVERIFY(!db.value().runStatus(report.run));
}

void TestRuns::unusableDatabaseIsReported_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not-a-database")
        << QByteArray("this is not SQLite\n").repeated(100) << QStringLiteral("cannot be used");
    QByteArray newer;
    {
        // A database of a version this build does not know.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.db"));
        {
            auto db = tracer::WorkspaceDatabase::open(path.toStdString());
            QVERIFY(db);
            QVERIFY(!db.value().connection().exec(
                "INSERT INTO schema_version (version, applied) VALUES (999, 'the future')"));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        newer = file.readAll();
    }
    QTest::newRow("newer") << newer << QStringLiteral("cannot be used");
}

void TestRuns::unusableDatabaseIsReported()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString path = databaseOf(m_dir->path());
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    RunTools *tools = m_window->runTools();
    QSignalSpy failed(tools->store(), &app::RunStore::failed);
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    QVERIFY(failed.wait(10'000));
    QTRY_VERIFY(tools->panel()->messageLabel()->text().contains(expected));
    QCOMPARE(tools->model()->rowCount(), 0);
    // Nothing was written, and the rest of the window works.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content);
    // (The workspace scan opens the first contract when it ends.)
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentEditor(), 10'000);
}

void TestRuns::lockedDatabaseIsOpenedWhenReleased()
{
    // Another connection is creating the database (a replay, `llmcl replay --db` in another
    // process): the file exists, has no schema yet and its write lock is held. The store's
    // open fails with a Busy error, which is not a database that cannot be used: nothing is
    // reported, and the store opens the file once the lock is released.
    const QString path = databaseOf(m_dir->path());
    auto creator = tracer::Database::open(path.toStdString());
    QVERIFY(creator);
    auto lock = tracer::Transaction::begin(creator.value());
    QVERIFY(lock);
    RunTools *tools = m_window->runTools();
    QSignalSpy failed(tools->store(), &app::RunStore::failed);
    QSignalSpy opened(tools->store(), &app::RunStore::opened);
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    // Several attempts of the store (each waits 200 ms, then again on the next 500 ms tick).
    QTest::qWait(1500);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(opened.count(), 0);
    QVERIFY(!tools->panel()->messageLabel()->text().contains(QStringLiteral("cannot be used")));
    lock.value().rollback();
    QVERIFY(opened.wait(10'000));
    QCOMPARE(failed.count(), 0);
    QVERIFY(!tools->store()->isReadOnly());
    QVERIFY(tools->replayAction()->isEnabled());
    auto db = tracer::WorkspaceDatabase::open(path.toStdString());
    QVERIFY(db);
    QCOMPARE(db.value().version().value(), tracer::WorkspaceDatabase::currentVersion());
}

void TestRuns::diskFullDuringReplay()
{
    // The disk fills up while a replay from the window stores its run (a file-size limit
    // stands in for it: tests/common/filesizelimit.h). The replay stops, the Runs panel says
    // the disk is full and offers to resume, the run is stored incomplete with the batches
    // committed before, the database passes integrity_check, and once there is room again
    // the window goes on: the run is resumed to completion.
    const QString sessions =
        writeExampleSessions(m_dir->path(), 150, QStringLiteral("large.jsonl")); // 6,000
    QVERIFY(!sessions.isEmpty());
    const QString database = databaseOf(m_dir->path());
    std::int64_t totalTurns = 0;
    {
        // Imported beforehand, and this connection is the last to close: the WAL is
        // checkpointed away, so that the replay's writes fill it from its start (SQLite
        // checkpoints on its own only past 1,000 pages, 64 MiB) and its size is where the
        // next write goes.
        auto db = tracer::WorkspaceDatabase::open(database.toStdString());
        QVERIFY(db);
        auto reader = tracer::SessionReader::open(sessions.toStdString());
        QVERIFY(reader);
        QVERIFY(db.value().importSessions(reader.value(), sessions.toStdString()));
        totalTurns = db.value().connection().queryInt("SELECT count(*) FROM turns").value();
    }
    QVERIFY(!QFile::exists(database + QStringLiteral("-wal")));
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    RunTools *tools = m_window->runTools();
    QTRY_VERIFY_WITH_TIMEOUT(tools->store()->isOpen(), 10'000);
    app::ReplayRequest request = tools->replayRequest(sessions);
    request.jobs = 1;
    QSignalSpy finished(tools, &RunTools::replayFinished);
    QVERIFY(tools->replay(request));
    // Once a batch of turns is stored (the Runs panel lists the run with turns), 512 KiB of
    // room are left: a batch or two.
    QTRY_VERIFY_WITH_TIMEOUT(tools->replayJob()->lastReport().run > 0
            && tools->store()->run(tools->replayJob()->lastReport().run)
            && tools->store()->run(tools->replayJob()->lastReport().run)->listing.summary.turns > 0,
        kReplayTimeoutMs);
    const std::uint64_t storedBefore =
        tools->store()->run(tools->replayJob()->lastReport().run)->listing.summary.turns;
    std::optional<llmcl::test::FileSizeLimit> full;
    full.emplace(QFileInfo(database + QStringLiteral("-wal")).size() + 512 * 1024);
    if (!full->isActive())
        QSKIP("the file-size limit cannot be lowered here");
    QVERIFY(finished.wait(kReplayTimeoutMs));
    const ReplayReport report = finished.first().first().value<ReplayReport>();
    QVERIFY(report.status);
    QCOMPARE(*report.status, tracer::RunStatus::Incomplete);
    QVERIFY2(report.errorKind == engine::Error::Kind::Full, qPrintable(report.error));
    QVERIFY2(report.error.startsWith(database + u':'), qPrintable(report.error));
    // It stopped there instead of evaluating the rest.
    QVERIFY2(qint64(report.progress.turns) < totalTurns,
        qPrintable(QStringLiteral("%1 of %2").arg(report.progress.turns).arg(totalTurns)));
    // The Runs panel says what happened, as an error, with the way on; the status bar too.
    QLabel *message = tools->panel()->messageLabel();
    QVERIFY(message->isVisibleTo(tools->panel()));
    QVERIFY(message->property("error").toBool());
    QVERIFY2(message->text().contains(QStringLiteral("The disk is full"))
            && message->text().contains(QStringLiteral("resume:%1").arg(report.run))
            && message->text().contains(database.toHtmlEscaped()),
        qPrintable(message->text()));
    QCOMPARE(m_window->statusBar()->currentMessage(),
        QStringLiteral("Run %1 stored as incomplete").arg(report.run));
    QVERIFY(!tools->replayJob()->isRunning());
    QVERIFY(tools->replayAction()->isEnabled());

    // Room again. The run is (or, when the disk was too full even for its end, becomes on the
    // store's next listing) incomplete, with the batches committed before the disk filled.
    full.reset();
    QTRY_VERIFY_WITH_TIMEOUT(tools->store()->run(report.run)
            && tools->store()->run(report.run)->listing.summary.status
                == tracer::RunStatus::Incomplete,
        10'000);
    {
        auto db = tracer::WorkspaceDatabase::open(database.toStdString());
        QVERIFY(db);
        QCOMPARE(
            db.value().connection().queryText("PRAGMA integrity_check").value(), std::string("ok"));
        auto runs = db.value().runs();
        QVERIFY(runs && runs.value().size() == 1);
        QCOMPARE(runs.value().front().status, tracer::RunStatus::Incomplete);
        QVERIFY(runs.value().front().turns >= storedBefore);
        QVERIFY(std::int64_t(runs.value().front().turns) < totalTurns);
    }

    // The panel's link resumes it, to completion.
    finished.clear();
    Q_EMIT message->linkActivated(QStringLiteral("resume:%1").arg(report.run));
    QVERIFY(finished.wait(kReplayTimeoutMs));
    const ReplayReport resumed = finished.first().first().value<ReplayReport>();
    QVERIFY2(resumed.status, qPrintable(resumed.error));
    QCOMPARE(*resumed.status, tracer::RunStatus::Complete);
    QCOMPARE(resumed.run, report.run);
    QTRY_COMPARE_WITH_TIMEOUT(tools->dashboard()->run(), report.run, 10'000);
}

void TestRuns::readOnlyDatabaseIsViewedNotChanged()
{
    // A database the Studio may not write (another user's, a read-only share): the panel says
    // so and why, everything that would write is disabled and refused, no incomplete run is
    // offered for resuming, nothing is written, and looking at the runs still works. The file
    // is made read-only for real (tests/common/readonlyfile.h: its permissions for a user; for
    // root, who writes any file, the immutable flag), so SQLite itself refuses to write it.
    const QString database = databaseOf(m_dir->path());
    const QString sessions = QDir(m_dir->path()).filePath(QStringLiteral("sessions.jsonl"));
    QString stderrText;
    const int exit =
        runCli({QStringLiteral("replay"), QStringLiteral("--db"), database,
                   QStringLiteral("--sessions"), sessions, QStringLiteral("--no-progress"),
                   QDir(m_dir->path()).filePath(QStringLiteral("safety.llmcl"))},
            &stderrText);
    QVERIFY2(exit == 0 || exit == 1, qPrintable(stderrText));
    {
        // As a killed replay leaves it: an incomplete run, which a writable database offers
        // to resume.
        auto raw = tracer::Database::open(database.toStdString());
        QVERIFY(raw);
        QVERIFY(!raw.value().exec("UPDATE runs SET status = 'incomplete'"));
    }
    // The last connection closed: the WAL is checkpointed into the file and removed.
    QVERIFY(!QFile::exists(database + QStringLiteral("-wal")));
    const auto contents = [&] {
        QFile file(database);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QByteArray before = contents();
    QVERIFY(!before.isEmpty());
    llmcl::test::ReadOnlyFile readOnly(database);
    if (!readOnly.isReadOnly())
        QSKIP("this process can make no file read-only for itself (root on a file system "
              "without the immutable flag, or without CAP_LINUX_IMMUTABLE)");

    RunTools *tools = m_window->runTools();
    QSignalSpy opened(tools->store(), &app::RunStore::opened);
    QVERIFY(m_window->openWorkspace(m_dir->path()));
    QVERIFY(opened.wait(10'000));
    QVERIFY(tools->store()->isReadOnly());
    QTRY_COMPARE_WITH_TIMEOUT(tools->model()->rowCount(), 1, 10'000);
    const qint64 run = tools->model()->runAt(0);
    tools->panel()->selectRun(run);
    QCOMPARE(tools->panel()->currentRun(), run);

    // The panel says what works and why the rest does not (the file, "read-only"); the
    // incomplete run is not offered for resuming.
    QLabel *message = tools->panel()->messageLabel();
    QVERIFY(message->isVisibleTo(tools->panel()));
    QVERIFY2(message->text().contains(QStringLiteral("cannot be written"))
            && message->text().contains(database.toHtmlEscaped())
            && message->text().contains(QStringLiteral("read-only")),
        qPrintable(message->text()));
    QVERIFY(!message->text().contains(QStringLiteral("resume:")));
    // Writing actions are off; looking, comparing and exporting are on.
    for (QAction *action : {tools->replayAction(), tools->labelAction(), tools->resumeAction(),
             tools->discardAction(), tools->previewAction()})
        QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
    for (QAction *action : {tools->openAction(), tools->exportAction()})
        QVERIFY2(action->isEnabled(), qPrintable(action->text()));

    // Asked anyway (a script, a stale shortcut): refused with the same message, or, below the
    // window, by SQLite's read-only connection.
    QVERIFY(!tools->replay(tools->replayRequest(sessions)));
    QVERIFY(!tools->resumeRun(run));
    tools->discardRun(run, false);
    QVERIFY(message->property("error").toBool());
    QVERIFY(message->text().contains(QStringLiteral("cannot be written")));
    QSignalSpy actionFinished(tools->store(), &app::RunStore::actionFinished);
    tools->store()->setLabel(run, QStringLiteral("never stored"));
    QVERIFY(actionFinished.wait(10'000));
    QVERIFY2(actionFinished.first().first().toString().contains(QStringLiteral("readonly")),
        qPrintable(actionFinished.first().first().toString()));
    QVERIFY(!tools->replayJob()->isRunning());

    // Looking at it works: the run's dashboards, and the editors.
    tools->openAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        tools->dashboard()->figures() && tools->dashboard()->run() == run, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentEditor(), 10'000);
    QCOMPARE(tools->store()->run(run)->listing.summary.status, tracer::RunStatus::Incomplete);
    QVERIFY(!tools->store()->run(run)->listing.summary.label);

    // Nothing was written: the file is byte for byte what it was, and no WAL frame exists.
    QCOMPARE(contents(), before);
    QCOMPARE(QFileInfo(database + QStringLiteral("-wal")).size(), qint64(0));
}

void TestRuns::actionsAreInTheRunsMenu()
{
    QMenu *menu = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("RunsMenu"));
    QVERIFY(menu);
    RunTools *tools = m_window->runTools();
    for (QAction *action : {tools->replayAction(), tools->cancelAction(), tools->openAction(),
             tools->labelAction(), tools->exportAction(), tools->resumeAction(),
             tools->discardAction(), tools->compareAction(), tools->previewAction(),
             tools->reportAction(), tools->comparisonReportAction()}) {
        QVERIFY2(menu->actions().contains(action), qPrintable(action->text()));
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
    }
    // The runs list, the Run and the Comparison are the Runs mode's centre (issue 18).
    QCOMPARE(tools->panel()->parentWidget(), static_cast<QWidget *>(tools->area()));
    QCOMPARE(tools->runTabs()->indexOf(tools->dashboard()), 0);
    QCOMPARE(tools->runTabs()->indexOf(tools->comparisonView()), 1);
    // The comparison's own tool bar has Compare Runs… and Save Comparison Report….
    const QList<QAction *> comparisonActions = tools->comparisonView()->toolBar()->actions();
    QVERIFY(comparisonActions.contains(tools->compareAction()));
    QVERIFY(comparisonActions.contains(tools->comparisonReportAction()));
    // The new docks leave the window small enough for its default size (1280x800).
    const QSize minimum = m_window->minimumSizeHint();
    QVERIFY2(minimum.width() <= 1280 && minimum.height() <= 800,
        qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
}

QTEST_MAIN(TestRuns)
#include "tst_runs.moc"
