// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Conversations evaluated turn by turn (engine/session.h): golden files under
// tests/data/conversations (<name>.llmcl, <name>.conversations.json → <name>.verdicts) and the
// guarantees of LANGUAGE.md §5, §7, §8 and §9 that span turns.

#include "engine/compiledset.h"
#include "engine/json.h"
#include "engine/probabilisticwindows.h"
#include "engine/resultjson.h"
#include "engine/session.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <optional>
#include <set>

#include "tests/common/golden.h"
#include "tests/common/testpaths.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

QString dataDir()
{
    return llmcl::test::testDataPath(u"/conversations");
}

Value toValue(const QJsonValue &json)
{
    const QByteArray text =
        QJsonDocument::fromVariant(json.toVariant()).toJson(QJsonDocument::Compact);
    Value value;
    std::string error;
    if (json.isObject()
        && !parseJson(std::string_view(text.constData(), size_t(text.size())), value, error))
        qFatal("bad JSON in test data: %s", error.c_str());
    return value;
}

std::shared_ptr<const CompiledSet> compile(const std::string &path, const std::string &text = {})
{
    CompileRequest request;
    request.files = {path};
    if (!text.empty())
        request.overrides[path] = text;
    CompileResult result = compileContracts(request);
    if (!result.set) {
        for (const Diagnostic &d : result.diagnostics)
            qWarning("%s", formatDiagnosticHeader(d).c_str());
    }
    return result.set;
}

// One line per stateful clause (temporal, ensure_prob) and per violation.
QString describe(const ClauseVerdict &v)
{
    QString out = u"    "_s + QString::fromStdString(v.id()) + u' '
        + QString::fromUtf8(clauseStatusName(v.status));
    if (v.temporal) {
        if (v.temporal->settledAt)
            out += u" settled@"_s + QString::number(v.temporal->settledAt);
        for (const std::string &o : v.temporal->obligations)
            out += u" ["_s + QString::fromStdString(o) + u']';
    }
    if (v.window)
        out += u" rate="_s + QString::number(v.window->rate, 'g', 4) + u" results="_s
            + QString::number(v.window->results);
    if (!v.message.empty() && v.status != ClauseStatus::Pass)
        out += u" — "_s + QString::fromStdString(v.message);
    return out + u'\n';
}

QString render(const TurnResult &r, const QString &conversation, int turn)
{
    QString out = conversation + u" turn "_s + QString::number(turn) + u": "_s
        + (r.valid ? u"valid"_s : u"invalid"_s) + u'\n';
    for (const ContractResult &c : r.contracts)
        for (const ClauseVerdict &v : c.clauses)
            if (v.kind() == ClauseKind::Temporal || v.kind() == ClauseKind::EnsureProb
                || v.status == ClauseStatus::Fail || v.status == ClauseStatus::Error)
                out += describe(v);
    for (const Violation &v : r.violations)
        out += u"    violation "_s + QString::fromStdString(v.clause) + u'\n';
    return out;
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private slots:
    void goldens_data();
    void goldens();
    void turnVariables();
    void recycledResultsGiveTheSameVerdicts();
    void borrowedEvaluatorStartsEachConversationAfresh();
    void verdictsShareTheirClauseRecord();
    void contextMergesOverMetadata();
    void identicalObligationsStayBounded();
    void windowsAreIndependentOfSessionBoundaries();
};

void TestSession::goldens_data()
{
    QTest::addColumn<QString>("name");
    // split: the run's windows in one object and each conversation's session windows in its
    // own (ProbabilisticWindows::Scope), as the Python package's sessions keep them; the
    // verdicts are the same.
    QTest::addColumn<bool>("split");
    const QStringList files = QDir(dataDir()).entryList({u"*.llmcl"_s}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files) {
        QTest::newRow(qPrintable(file)) << file.chopped(6) << false;
        QTest::newRow(qPrintable(file + u"/split"_s)) << file.chopped(6) << true;
    }
}

void TestSession::goldens()
{
    QFETCH(QString, name);
    QFETCH(bool, split);
    const QString previous = QDir::currentPath();
    QDir::setCurrent(dataDir());
    const auto set = compile(QString(name + u".llmcl"_s).toStdString());
    QDir::setCurrent(previous);
    QVERIFY(set);
    QFile input(dataDir() + u'/' + name + u".conversations.json"_s);
    QVERIFY(input.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(input.readAll()).object();
    EvalOptions options;
    options.trace = true;
    options.fix = root.value(u"fix").toBool();

    ProbabilisticWindows windows(
        set, split ? ProbabilisticWindows::Scope::Run : ProbabilisticWindows::Scope::All);
    QString actual;
    for (const QJsonValue &c : root.value(u"conversations").toArray()) {
        const QJsonObject conversation = c.toObject();
        const QString id = conversation.value(u"id").toString();
        ProbabilisticWindows own(set, ProbabilisticWindows::Scope::Conversation);
        Session session(set, toValue(conversation.value(u"metadata")), split ? &own : &windows);
        int n = 0;
        for (const QJsonValue &t : conversation.value(u"turns").toArray()) {
            const QJsonObject turn = t.toObject();
            const std::string content = turn.value(u"content").toString().toStdString();
            const std::string response = turn.value(u"response").toString().toStdString();
            std::optional<std::string_view> responseView;
            if (turn.contains(u"response") && !turn.value(u"response").isNull())
                responseView = response;
            TurnResult r =
                session.addTurn(content, responseView, toValue(turn.value(u"context")), options);
            if (split)
                windows.apply(r);
            actual += render(r, id, ++n);
        }
        const ConversationEnd end = session.end();
        actual += id + u" end: "_s + (end.valid ? u"valid"_s : u"invalid"_s) + u'\n';
        for (const ClauseVerdict &v : end.settled)
            actual += describe(v);
    }
    for (const ClauseVerdict &v : windows.endRun())
        actual += u"run end:\n"_s + describe(v);
    const QString failure =
        llmcl::tests::compareWithGolden(dataDir() + u'/' + name + u".verdicts"_s, actual);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestSession::turnVariables()
{
    const auto set = compile("v.llmcl", R"(contract V {
    ensure turn_number == conversation_length
    ensure if turn_number == 1 then prev_response == null else prev_response == "r" + str(turn_number - 1)
    ensure len(history) == turn_number - 1
    ensure turn_number == 1 or history[-1]["content"] == prev_content
})");
    QVERIFY(set);
    Session session(set);
    for (int i = 1; i <= 5; ++i) {
        const std::string content = "c" + std::to_string(i);
        const std::string response = "r" + std::to_string(i);
        const TurnResult r = session.addTurn(content, response);
        QVERIFY2(r.valid,
            qPrintable(u"turn "_s + QString::number(i) + u": "_s
                + QString::fromStdString(
                    r.violations.empty() ? std::string() : r.violations[0].message)));
    }
}

// A replay hands each turn a result the listener is done with (Session::addTurn's `recycled`):
// the verdicts must be those of a fresh result, whatever the recycled one held (failures with
// messages and explanations, windows, temporal state, fixes, another set's clauses, no
// response).
void TestSession::recycledResultsGiveTheSameVerdicts()
{
    const auto set = compile("r.llmcl", R"(contract R(priority = high) {
    ensure len(response) < 12 message: "too long" auto_fix: response[:11]
    ensure_prob not contains(response, "x"), 0.5
    temporal always (contains(content, "a") implies within 1 contains(response, "ok"))
}
contract S {
    require not contains(content, "bad") message: "bad input"
})");
    const auto other = compile("o.llmcl", R"(contract O {
    ensure contains(response, "z")
})");
    QVERIFY(set && other);
    const std::vector<std::pair<std::string, std::optional<std::string>>> turns = {
        {"a question", "ok, fine"}, {"bad a", "a much longer answer x"}, {"q", std::nullopt},
        {"a", "no"}, {"b", "ok x"}};
    const auto withoutDurations = [](const TurnResult &result) {
        JsonWriter writer;
        writeTurnResult(writer, result);
        return QString::fromStdString(writer.text())
            .replace(QRegularExpression(u"\"duration_ns\":\\d+"_s), u"0"_s);
    };
    for (const bool trace : {false, true}) {
        EvalOptions options;
        options.trace = trace;
        options.fix = trace;
        Session fresh(set);
        Session recycling(set);
        Session elsewhere(other);
        TurnResult spare = elsewhere.addTurn("c", std::string_view("r"));
        for (const auto &[content, response] : turns) {
            std::optional<std::string_view> r;
            if (response)
                r = *response;
            const TurnResult expected = fresh.addTurn(content, r, {}, options);
            TurnResult got = recycling.addTurn(content, r, {}, options, nullptr, std::move(spare));
            QCOMPARE(withoutDurations(got), withoutDurations(expected));
            spare = std::move(got);
        }
    }
}

// Sessions that borrow one evaluator, one after the other (as a replay's thread does), take
// over the temporal monitors of the one before, reset: each conversation must be judged as by
// a session of its own, whether the one before left its monitors satisfied, violated, pending
// with obligations, or ended early; a session of another set builds its own monitors.
void TestSession::borrowedEvaluatorStartsEachConversationAfresh()
{
    const auto set = compile("t.llmcl", R"(contract T {
    temporal always (contains(content, "refund") implies within 2 contains(response, "policy"))
    temporal within 3 contains(response, "thanks")
    temporal always not contains(response, "error")
    temporal eventually contains(content, "bye")
})");
    const auto other = compile("o.llmcl", R"(contract O {
    temporal always contains(response, "o")
})");
    QVERIFY(set && other);
    using Turns = std::vector<std::pair<std::string, std::optional<std::string>>>;
    const std::vector<Turns> conversations = {
        {{"refund please", "no"}, {"hm", "error"}, {"?", "nothing"}},
        {{"hello", "thanks"}, {"bye", "policy"}},
        {{"refund", "later"}},
        {},
        {{"a", std::nullopt}, {"refund", "policy thanks"}, {"bye", "ok"}},
        {{"refund", "x"}, {"y", "y"}, {"z", "z"}, {"w", "error"}},
        {{"bye", "thanks"}},
    };
    for (const bool trace : {false, true}) {
        EvalOptions options;
        options.trace = trace;
        Evaluator shared(set);
        const auto run = [&](Session &session, const Turns &turns) {
            QString out;
            int n = 0;
            for (const auto &[content, response] : turns) {
                std::optional<std::string_view> r;
                if (response)
                    r = *response;
                out += render(session.addTurn(content, r, {}, options), u"c"_s, ++n);
            }
            const ConversationEnd end = session.end();
            out += u"end: "_s + (end.valid ? u"valid"_s : u"invalid"_s) + u'\n';
            for (const ClauseVerdict &v : end.settled)
                out += describe(v);
            return out;
        };
        for (std::size_t i = 0; i < conversations.size(); ++i) {
            Session fresh(set);
            const QString expected = run(fresh, conversations[i]);
            Session borrowing(shared);
            QCOMPARE(run(borrowing, conversations[i]), expected);
            if (i == 2) {
                // One of another set in between, on an evaluator of its own.
                Evaluator elsewhere(other);
                Session o(elsewhere);
                o.addTurn("q", std::string_view("no"));
            }
        }
        // A session that ends without end() hands its monitors on as well.
        {
            Session abandoned(shared);
            abandoned.addTurn("refund", std::string_view("error"));
        }
        Session fresh(set);
        Session borrowing(shared);
        QCOMPARE(run(borrowing, conversations[1]), run(fresh, conversations[1]));
    }
}

// A verdict refers to its clause's record, made once when the set is compiled: every turn's
// verdict of a clause (and what settles at the conversation's end) holds the same record, a
// result recycled from another set is given this set's records, and a verdict kept after its
// set and session are gone still reads its clause.
void TestSession::verdictsShareTheirClauseRecord()
{
    auto set = compile("shared.llmcl", R"(contract R {
    ensure len(response) < 12 message: "too long" severity: warning
    temporal eventually contains(response, "bye")
}
contract S {
    require not contains(content, "bad")
})");
    const auto other = compile("other.llmcl", R"(contract R {
    ensure len(response) < 12 message: "too long" severity: warning
})");
    QVERIFY(set && other);
    std::optional<ClauseVerdict> kept;
    {
        Session session(set);
        Session elsewhere(other);
        const TurnResult first = session.addTurn("a question", std::string_view("fine"));
        const TurnResult recycled = session.addTurn("q", std::string_view("a much longer answer"),
            {}, {}, nullptr, elsewhere.addTurn("c", std::string_view("r")));
        QCOMPARE(first.contracts.size(), 2u);
        QCOMPARE(recycled.contracts.size(), 2u);
        std::set<const ClauseRecord *> records;
        for (std::size_t c = 0; c < first.contracts.size(); ++c) {
            QCOMPARE(recycled.contracts[c].clauses.size(), first.contracts[c].clauses.size());
            for (std::size_t k = 0; k < first.contracts[c].clauses.size(); ++k) {
                const ClauseVerdict &v = first.contracts[c].clauses[k];
                QVERIFY(v.clause);
                QCOMPARE(recycled.contracts[c].clauses[k].clause.get(), v.clause.get());
                records.insert(v.clause.get());
            }
        }
        QCOMPARE(records.size(), 3u); // one per clause
        const ClauseVerdict &length = first.contracts[0].clauses[0];
        QCOMPARE(length.id(), "R#1");
        QCOMPARE(length.contract(), "R");
        QCOMPARE(length.file(), "shared.llmcl");
        QCOMPARE(length.kind(), ClauseKind::Ensure);
        QCOMPARE(length.severity(), ClauseSeverity::Warning);
        QCOMPARE(length.range().begin.line, 2u);
        QCOMPARE(recycled.contracts[0].clauses[0].status, ClauseStatus::Fail);
        const ConversationEnd end = session.end();
        QCOMPARE(end.settled.size(), 1u);
        QCOMPARE(end.settled[0].clause.get(), first.contracts[0].clauses[1].clause.get());
        kept = length;
    }
    set.reset();
    QCOMPARE(kept->id(), "R#1");
    QCOMPARE(kept->file(), "shared.llmcl");
    // A verdict made without a clause reads as an empty record.
    const ClauseVerdict none;
    QVERIFY(none.id().empty());
    QCOMPARE(none.range().begin.line, SourceRange().begin.line);
}

void TestSession::contextMergesOverMetadata()
{
    const auto set = compile("m.llmcl", R"(contract M {
    ensure context.user_type == "admin" and context.lang == "de" and tier == "gold"
})");
    QVERIFY(set);
    Value metadata, context;
    std::string error;
    QVERIFY(parseJson(R"({"user_type": "admin", "lang": "en", "tier": "gold"})", metadata, error));
    QVERIFY(parseJson(R"({"lang": "de"})", context, error));
    Session session(set, metadata);
    QVERIFY(session.addTurn("hi", std::string_view("hello"), context).valid);
}

void TestSession::identicalObligationsStayBounded()
{
    // Every turn arms `eventually B`; B never holds. The obligations merge: one stays open.
    const auto set = compile("b.llmcl", R"(contract B {
    temporal always (contains(content, "a") implies eventually contains(response, "b"))
})");
    QVERIFY(set);
    Session session(set);
    EvalOptions options;
    options.trace = true;
    TurnResult last;
    for (int i = 0; i < 20000; ++i)
        last =
            session.addTurn("a", std::string_view("x"), {}, i == 19999 ? options : EvalOptions {});
    const ClauseVerdict &v = last.contracts[0].clauses[0];
    QCOMPARE(v.status, ClauseStatus::Pending);
    QVERIFY(v.temporal);
    QCOMPARE(v.temporal->obligations.size(), 1u);
    const ConversationEnd end = session.end();
    QVERIFY(!end.valid);
    QCOMPARE(end.settled.size(), 1u);
    QCOMPARE(end.settled[0].status, ClauseStatus::Fail);
}

void TestSession::windowsAreIndependentOfSessionBoundaries()
{
    // A window of 4 over conversations of 3 turns: the window spans conversations, in order.
    const auto set = compile("w.llmcl", R"(contract W {
    ensure_prob contains(response, "ok"), 0.75 window_size: 4
})");
    QVERIFY(set);
    ProbabilisticWindows windows(set);
    const std::vector<std::vector<std::string>> conversations = {
        {"ok", "ok", "no"}, {"ok", "no", "ok"}};
    std::vector<ClauseStatus> statuses;
    for (const auto &turns : conversations) {
        Session session(set, {}, &windows);
        for (const std::string &response : turns)
            statuses.push_back(
                session.addTurn("q", std::string_view(response)).contracts[0].clauses[0].status);
        session.end();
    }
    // results: ok ok no | ok no ok → windows of 4: [ok ok no ok]=0.75 pass, [ok no ok no]=0.5
    // fail, [no ok no ok]=0.5 fail
    const std::vector<ClauseStatus> expected = {ClauseStatus::Pending, ClauseStatus::Pending,
        ClauseStatus::Pending, ClauseStatus::Pass, ClauseStatus::Fail, ClauseStatus::Fail};
    QCOMPARE(statuses, expected);
}

QTEST_APPLESS_MAIN(TestSession)
#include "tst_session.moc"
