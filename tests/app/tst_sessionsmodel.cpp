// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/conversationsmodel.h"
#include "app/sessionloader.h"
#include "app/sessionsdock.h"
#include "app/turnsmodel.h"

#include <QAbstractItemModelTester>
#include <QDialog>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

#include <algorithm>

#include "tests/common/testpaths.h"

using llmcl::app::ConversationsModel;
using llmcl::app::SessionLoader;
using llmcl::app::SessionsDock;
using llmcl::app::TurnsModel;
using namespace Qt::StringLiterals;

namespace {

const QString kSharedData = llmcl::test::sourcePath(u"/../shared/data");
const QString kConversations = llmcl::test::testDataPath(u"/conversations");
const QString kStudio = llmcl::test::testDataPath(u"/studio");

// Loads `path` into a ConversationsModel (checked by QAbstractItemModelTester all along) and
// returns the loader's signals.
struct Loaded
{
    int batches = 0;
    bool completed = false;
    QString error;
    std::vector<llmcl::tracer::SessionProblem> problems;
    QStringList keys;
};

Loaded load(const QString &path, ConversationsModel &model)
{
    SessionLoader loader;
    Loaded loaded;
    bool done = false;
    QObject::connect(
        &loader, &SessionLoader::batchLoaded, &loader, [&](const SessionLoader::Batch &batch) {
            ++loaded.batches;
            model.append(batch.conversations);
            loaded.problems.insert(
                loaded.problems.end(), batch.problems.begin(), batch.problems.end());
            loaded.keys += batch.newContextKeys;
        });
    QObject::connect(
        &loader, &SessionLoader::finished, &loader, [&](bool completed, const QString &error) {
            loaded.completed = completed;
            loaded.error = error;
            done = true;
        });
    loader.load(path);
    if (!QTest::qWaitFor([&] { return done; }, 60000))
        qWarning("the load did not finish");
    return loaded;
}

} // namespace

class TestSessionsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharedData_data();
    void sharedData();
    void bothShapesAndGzip_data();
    void bothShapesAndGzip();
    void brokenLinesAreReported();
    void missingFileIsReported();
    void fetchesInChunks();
    void firstChunkWhateverTheBatches();
    void turnsModel();
    void dockChoosesTurns();
    void dockListsSkippedLines();
    void largeFileStaysResponsiveAndCancels();
};

void TestSessionsModel::sharedData_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("conversations");
    QTest::addColumn<int>("turns");
    // Counts from ../shared/data/README.md.
    QTest::newRow("oasst-sample") << u"sessions-sample.jsonl"_s << 547 << 905;
    QTest::newRow("hh-rlhf-harmless") << u"hh-rlhf-harmless-test.jsonl"_s << 2312 << 5756;
}

void TestSessionsModel::sharedData()
{
    QFETCH(QString, file);
    QFETCH(int, conversations);
    QFETCH(int, turns);
    const QString path = kSharedData + u'/' + file;
    if (!QFile::exists(path))
        QSKIP("../shared/data is not there");
    ConversationsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Loaded loaded = load(path, model);
    QVERIFY(loaded.completed);
    QVERIFY(loaded.error.isEmpty());
    QVERIFY(loaded.problems.empty());
    QCOMPARE(model.loadedCount(), conversations);
    QCOMPARE(model.turnCount(), quint64(turns));
    // Batches, never one signal per conversation.
    QVERIFY2(loaded.batches * 20 < conversations, qPrintable(QString::number(loaded.batches)));
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), conversations);
    QCOMPARE(model.index(0, ConversationsModel::IdColumn).data().toString().left(5),
        file.startsWith(u"hh") ? u"hh-rl"_s : u"oasst"_s);
    QCOMPARE(model.index(0, ConversationsModel::LineColumn).data().toInt(), 1);
}

void TestSessionsModel::bothShapesAndGzip_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("plain") << kStudio + u"/stepper.jsonl"_s;
    QTest::newRow("gzip") << kConversations + u"/studio-sessions.jsonl.gz"_s;
}

void TestSessionsModel::bothShapesAndGzip()
{
    QFETCH(QString, path);
    ConversationsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Loaded loaded = load(path, model);
    QVERIFY(loaded.completed);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data().toString(), u"refund-1"_s);
    QCOMPARE(model.index(0, ConversationsModel::TurnsColumn).data().toInt(), 4);
    // The messages shape: the system prompt is context, two user messages are two turns.
    QCOMPARE(model.index(1, 0).data().toString(), u"greeting"_s);
    QCOMPARE(model.index(1, ConversationsModel::TurnsColumn).data().toInt(), 2);
    QCOMPARE(model.index(1, ConversationsModel::FirstMessageColumn).data().toString(), u"Hi"_s);
    QStringList keys = loaded.keys;
    keys.sort();
    QCOMPARE(keys, (QStringList {u"lang"_s, u"system"_s, u"user_type"_s}));
}

void TestSessionsModel::brokenLinesAreReported()
{
    ConversationsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Loaded loaded = load(kConversations + u"/studio-broken.jsonl"_s, model);
    QVERIFY(loaded.completed);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ConversationsModel::LineColumn).data().toInt(), 1);
    QCOMPARE(model.index(1, ConversationsModel::LineColumn).data().toInt(), 5);
    QCOMPARE(model.index(2, ConversationsModel::LineColumn).data().toInt(), 7);
    QCOMPARE(loaded.problems.size(), std::size_t(3));
    QCOMPARE(loaded.problems[0].line, 2u);
    QVERIFY(QString::fromStdString(loaded.problems[0].message).startsWith(u"invalid JSON"));
    QCOMPARE(loaded.problems[1].line, 4u);
    QCOMPARE(
        QString::fromStdString(loaded.problems[1].message), u"not a JSON object but an array"_s);
    QCOMPARE(loaded.problems[2].line, 6u);
    QVERIFY(QString::fromStdString(loaded.problems[2].message).contains(u"neither"));
}

void TestSessionsModel::missingFileIsReported()
{
    ConversationsModel model;
    const Loaded loaded = load(kConversations + u"/no-such-file.jsonl"_s, model);
    QVERIFY(!loaded.completed);
    QVERIFY(loaded.error.contains(u"no-such-file.jsonl"));
    QVERIFY(loaded.error.contains(u"cannot open"));
    QCOMPARE(model.rowCount(), 0);
}

// The loader's batches are as large as the reading thread got in time: on a slow machine (under
// ASan) they are small, and every batch used to expose a whole chunk more (628 rows, not 512).
void TestSessionsModel::firstChunkWhateverTheBatches()
{
    ConversationsModel model;
    for (int batch = 0; batch < 10; ++batch) {
        std::vector<std::shared_ptr<const llmcl::tracer::Conversation>> conversations;
        for (int i = 0; i < 100; ++i) {
            auto conversation = std::make_shared<llmcl::tracer::Conversation>();
            conversation->id = std::to_string(batch * 100 + i + 1);
            conversations.push_back(std::move(conversation));
        }
        model.append(conversations);
        QCOMPARE(model.rowCount(), std::min((batch + 1) * 100, ConversationsModel::kFetchChunk));
    }
    QCOMPARE(model.loadedCount(), 1000);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 1000);
}

void TestSessionsModel::fetchesInChunks()
{
    const QString path = kSharedData + u"/hh-rlhf-harmless-test.jsonl"_s;
    if (!QFile::exists(path))
        QSKIP("../shared/data is not there");
    // No QAbstractItemModelTester here: it calls fetchMore() itself.
    ConversationsModel model;
    load(path, model);
    QCOMPARE(model.loadedCount(), 2312);
    // Only the first chunk is exposed until a view asks for more.
    QCOMPARE(model.rowCount(), ConversationsModel::kFetchChunk);
    QVERIFY(model.canFetchMore({}));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2 * ConversationsModel::kFetchChunk);
    QCOMPARE(inserted.size(), 1);
    // A view scrolled to the end fetches the rest.
    QTreeView view;
    view.setModel(&model);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int i = 0; i < 20 && model.canFetchMore({}); ++i) {
        view.scrollToBottom();
        QCoreApplication::processEvents();
    }
    QCOMPARE(model.rowCount(), 2312);
    QVERIFY(!model.canFetchMore({}));
}

void TestSessionsModel::turnsModel()
{
    ConversationsModel conversations;
    load(kStudio + u"/stepper.jsonl"_s, conversations);
    TurnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConversation(conversations.conversation(0));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(1, TurnsModel::UserColumn).data().toString(), u"I want a refund"_s);
    QCOMPARE(model.index(3, TurnsModel::AssistantColumn).data().toString(), u"Bye"_s);
    QCOMPARE(model.index(0, TurnsModel::ContextColumn).data().toString(), u"lang"_s);
    // The context the engine sees: the turn's over the conversation's metadata.
    const QJsonObject context = QJsonDocument::fromJson(model.contextJson(0).toUtf8()).object();
    QCOMPARE(context.value(u"lang").toString(), u"en"_s);
    QCOMPARE(context.value(u"user_type").toString(), u"admin"_s);
    model.setConversation(conversations.conversation(1));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(QJsonDocument::fromJson(model.contextJson(1).toUtf8()).object().value(u"system"),
        u"Be brief."_s);
    model.setConversation(nullptr);
    QCOMPARE(model.rowCount(), 0);

    // A long conversation is exposed in chunks (a model without the tester, which fetches).
    auto longOne = std::make_shared<llmcl::tracer::Conversation>();
    longOne->id = "long";
    longOne->turns.resize(1000);
    model.setConversation(longOne);
    TurnsModel chunked;
    chunked.setConversation(longOne);
    QCOMPARE(chunked.rowCount(), TurnsModel::kFetchChunk);
    while (chunked.canFetchMore({}))
        chunked.fetchMore({});
    QCOMPARE(chunked.rowCount(), 1000);
    QCOMPARE(chunked.index(999, TurnsModel::NumberColumn).data().toInt(), 1000);
    QCOMPARE(chunked.index(999, TurnsModel::AssistantColumn).data().toString(), u"(no response)"_s);
}

void TestSessionsModel::dockChoosesTurns()
{
    SessionsDock dock;
    QSignalSpy finished(&dock, &SessionsDock::loadFinished);
    QSignalSpy keys(&dock, &SessionsDock::contextKeysChanged);
    QSignalSpy conversations(&dock, &SessionsDock::conversationChosen);
    QSignalSpy turns(&dock, &SessionsDock::turnChosen);
    dock.show();
    dock.openSessions(kStudio + u"/stepper.jsonl"_s);
    QVERIFY(dock.progressBar()->isVisibleTo(&dock));
    QVERIFY(finished.wait());
    QVERIFY(!dock.progressBar()->isVisibleTo(&dock));
    QCOMPARE(dock.summaryLabel()->text(), u"Conversations: 2, turns: 6"_s);
    QVERIFY(!keys.isEmpty());
    QCOMPARE(dock.contextKeys(), (QStringList {u"lang"_s, u"system"_s, u"user_type"_s}));

    // Driving the real views: click the second conversation, then its second turn.
    QTreeView *list = dock.conversationsView();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    const QRect second = list->visualRect(dock.conversationsModel()->index(1, 0));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(conversations.size(), 1);
    QCOMPARE(
        conversations.last().at(0).value<std::shared_ptr<const llmcl::tracer::Conversation>>()->id,
        "greeting");
    QCOMPARE(dock.turnsModel()->rowCount(), 2);
    QTreeView *turnList = dock.turnsView();
    QTest::mouseClick(turnList->viewport(), Qt::LeftButton, {},
        turnList->visualRect(dock.turnsModel()->index(1, 1)).center());
    QCOMPARE(turns.size(), 1);
    QCOMPARE(turns.last().at(0).toString(), u"Bye"_s);
    QCOMPARE(turns.last().at(1).toString(), u"Goodbye, thanks"_s);
    QCOMPARE(QJsonDocument::fromJson(turns.last().at(2).toString().toUtf8())
                 .object()
                 .value(u"system")
                 .toString(),
        u"Be brief."_s);
    // Keyboard: Up goes to the first turn.
    QTest::keyClick(turnList, Qt::Key_Up);
    QCOMPARE(turns.size(), 2);
    QCOMPARE(turns.last().at(0).toString(), u"Hi"_s);
}

void TestSessionsModel::dockListsSkippedLines()
{
    SessionsDock dock;
    QSignalSpy finished(&dock, &SessionsDock::loadFinished);
    dock.show();
    dock.openSessions(kConversations + u"/studio-broken.jsonl"_s);
    QVERIFY(finished.wait());
    QCOMPARE(dock.conversationsModel()->loadedCount(), 3);
    QVERIFY(dock.problemsButton()->isVisibleTo(&dock));
    QCOMPARE(dock.problemsButton()->text(), u"Skipped lines: 3"_s);
    QTest::mouseClick(dock.problemsButton(), Qt::LeftButton);
    auto *dialog = dock.findChild<QDialog *>(u"SkippedLinesDialog"_s);
    QVERIFY(dialog);
    auto *list = dialog->findChild<QTreeWidget *>(u"SkippedLinesList"_s);
    QVERIFY(list);
    QCOMPARE(list->topLevelItemCount(), 3);
    QCOMPARE(list->topLevelItem(0)->text(0), u"2"_s);
    QCOMPARE(list->topLevelItem(1)->text(0), u"4"_s);
    QCOMPARE(list->topLevelItem(1)->text(2), u"not a JSON object but an array"_s);
    QCOMPARE(list->topLevelItem(2)->text(0), u"6"_s);
    dialog->close();

    // A clean file afterwards hides the count.
    dock.openSessions(kStudio + u"/stepper.jsonl"_s);
    QVERIFY(finished.wait());
    QVERIFY(!dock.problemsButton()->isVisibleTo(&dock));
    QVERIFY(dock.problems().empty());
}

void TestSessionsModel::largeFileStaysResponsiveAndCancels()
{
    // About 50 MB: the shared conversations repeated, with a few broken lines mixed in.
    const QString source = kSharedData + u"/hh-rlhf-harmless-test.jsonl"_s;
    if (!QFile::exists(source))
        QSKIP("../shared/data is not there");
    QFile in(source);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray chunk = in.readAll() + "{broken\n";
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"large.jsonl"_s);
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        while (out.size() < 50 * 1024 * 1024)
            out.write(chunk);
    }
    const int copies = int(QFileInfo(path).size() / chunk.size());

    SessionsDock dock;
    dock.show();
    QSignalSpy finished(&dock, &SessionsDock::loadFinished);
    // The GUI thread's responsiveness: a 5 ms timer must keep firing while the file loads.
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 longestGap = 0;
    QTimer ticker;
    ticker.setInterval(5);
    connect(&ticker, &QTimer::timeout, &dock, [&] {
        const qint64 now = clock.elapsed();
        longestGap = std::max(longestGap, now - last);
        last = now;
    });
    QList<int> progress;
    connect(dock.loader(), &SessionLoader::batchLoaded, &dock,
        [&] { progress.append(dock.progressBar()->value()); });
    clock.start();
    ticker.start();
    dock.openSessions(path);
    QVERIFY(finished.wait(120000));
    ticker.stop();
    QVERIFY(finished.last().at(0).toBool());
    QCOMPARE(dock.conversationsModel()->loadedCount(), 2312 * copies);
    QCOMPARE(dock.problems().size(), std::size_t(copies));
    QCOMPARE(dock.problemsButton()->text(), u"Skipped lines: %1"_s.arg(copies));
    // Progress went up in steps.
    QVERIFY(progress.size() > 2);
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    qInfo("%d batches; longest GUI-thread gap %lld ms", int(progress.size()), longestGap);
    // Generous for a machine shared with builds: a frozen GUI would be seconds.
    QVERIFY2(longestGap < 500, qPrintable(QString::number(longestGap)));

    // Cancelling stops the load: the rows stay as they were, nothing more arrives.
    dock.openSessions(path);
    QVERIFY(QTest::qWaitFor([&] { return dock.conversationsModel()->loadedCount() > 0; }));
    dock.cancelLoading();
    QCOMPARE(finished.last().at(0).toBool(), false);
    const int rows = dock.conversationsModel()->loadedCount();
    QVERIFY(rows < 2312 * copies);
    QTest::qWait(200);
    QCOMPARE(dock.conversationsModel()->loadedCount(), rows);
    QVERIFY(!dock.progressBar()->isVisibleTo(&dock));
    QVERIFY(dock.summaryLabel()->text().contains(u"not read to its end"));
}

QTEST_MAIN(TestSessionsModel)
#include "tst_sessionsmodel.moc"
