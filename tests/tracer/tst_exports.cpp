// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/compiledset.h"
#include "engine/json.h"
#include "engine/value.h"
#include "tracer/chrometrace.h"
#include "tracer/llmcltrace.h"
#include "tracer/otlptrace.h"
#include "tracer/prometheusmetrics.h"
#include "tracer/redaction.h"
#include "tracer/replay.h"
#include "tracer/sessionreader.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/common/testpaths.h"

using llmcl::engine::Value;
namespace tracer = llmcl::tracer;

class TestExports : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void redaction_data();
    void redaction();
    void llmclTrace();
    void llmclTraceRedacted();
    void chromeNesting();
    void otlpShape();
    void otlpProtobuf();
    void otlpReproducible();
    void prometheus();
    void labelEscaping();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<const llmcl::engine::CompiledSet> m_set;
    std::string m_contractPath;
    std::string m_sessionsPath;
};

namespace {

const char *kContract = R"(contract Support(priority = high) {
    require len(content) > 0
        message: "Empty question"
    ensure not contains(response, "ERROR")
        message: "Error leaked"
    ensure response == strip(response)
        message: "Whitespace around the answer"
        severity: info
        auto_fix: strip(response)
    ensure_prob len(response) > 5, 0.5
        window_size: 3
        message: "Too many short answers"
    temporal within 2 contains(response, "thanks")
        message: "Say thanks within two turns"
}

contract Privacy(priority = medium) {
    ensure not match(response, r"\d{3}-\d{2}-\d{4}")
        message: "SSN in the answer"
}
)";

const char *kSessions =
    R"({"id": "c1", "turns": [{"user": "My mail is jane.doe@example.com", "assistant": "  Hi jane.doe@example.com, thanks  "}, {"user": "Call me at 555-123-4567", "assistant": "ERROR: your SSN 123-45-6789"}]}
not json
{"id": "c2", "turns": [{"user": "hello", "assistant": "ok"}, {"user": "card 4111 1111 1111 1111?", "assistant": "no"}, {"user": "bye", "assistant": "fine"}]}
)";

bool inCi()
{
    const QString ci = qEnvironmentVariable("CI").toLower();
    return (!ci.isEmpty() && ci != QLatin1String("0") && ci != QLatin1String("false"))
        || qEnvironmentVariable("LLMCL_PRESET") == QLatin1String("ci");
}

// Runs a program with `input` on stdin; returns its exit code (-1 when it did not start).
int run(const QString &program, const QStringList &args, const QByteArray &input,
    QByteArray *output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForStarted(10000))
        return -1;
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    const QByteArray out = process.readAll();
    if (output)
        *output = out;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        qWarning("%s %s:\n%s", qPrintable(program), qPrintable(args.join(QLatin1Char(' '))),
            out.constData());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// Whether an external validator is there; in CI a missing one is a failure.
#define REQUIRE_TOOL(available, what)                                                              \
    do {                                                                                           \
        if (!(available)) {                                                                        \
            if (inCi())                                                                            \
                QFAIL(what " is required in CI (scripts/debian-packages.txt)");                    \
            QSKIP(what " is not installed");                                                       \
        }                                                                                          \
    } while (false)

bool pythonHas(const char *module)
{
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
        return false;
    return run(QStringLiteral("python3"),
               {QStringLiteral("-c"), QStringLiteral("import ") + QLatin1String(module)}, {})
        == 0;
}

// Tees every replay event to several writers.
class Tee : public tracer::ReplayListener
{
public:
    explicit Tee(std::vector<tracer::TraceWriter *> writers)
        : m_writers(std::move(writers))
    { }
    void turn(const std::string &c, std::int64_t t, const llmcl::engine::TurnResult &r) override
    {
        for (auto *w : m_writers)
            w->turn(c, t, r);
    }
    void conversationEnd(const std::string &c, const llmcl::engine::ConversationEnd &e) override
    {
        for (auto *w : m_writers)
            w->conversationEnd(c, e);
    }
    void problem(const tracer::SessionProblem &p) override
    {
        for (auto *w : m_writers)
            w->problem(p);
    }
    void runEnd(const std::vector<llmcl::engine::ClauseVerdict> &s) override
    {
        for (auto *w : m_writers)
            w->runEnd(s);
    }

private:
    std::vector<tracer::TraceWriter *> m_writers;
};

struct Exports
{
    std::string llmcl, chrome, otlp, metrics;
};

Value parse(const std::string &text)
{
    Value out;
    std::string error;
    if (!llmcl::engine::parseJson(text, out, error))
        qWarning("invalid JSON: %s", error.c_str());
    return out;
}

std::string str(const Value *v)
{
    return v && v->isString() ? std::string(v->asString()) : std::string();
}

double num(const Value *v)
{
    return v && (v->isInt() || v->isFloat()) ? v->asNumber() : -1.0;
}

bool isHex(const std::string &s, std::size_t size)
{
    return s.size() == size && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }) && s != std::string(size, '0');
}

} // namespace

static Exports exportAll(const std::shared_ptr<const llmcl::engine::CompiledSet> &set,
    const std::string &contractPath, const std::string &sessionsPath, bool redact)
{
    std::ostringstream llmclOut, chromeOut, otlpOut, metricsOut;
    tracer::ExportOptions options;
    options.redactPii = redact;
    tracer::LlmclTraceWriter native(llmclOut, options);
    tracer::ChromeTraceWriter chrome(chromeOut, options);
    tracer::OtlpTraceWriter otlp(otlpOut, options);
    tracer::PrometheusMetricsWriter metrics(metricsOut, options);
    tracer::RunInfo run;
    run.id = "run-1";
    run.startTimeUnixNs = 1767225600000000000; // 2026-01-01
    QFile contract(QString::fromStdString(contractPath));
    contract.open(QIODevice::ReadOnly);
    run.contracts.push_back({contractPath, contract.readAll().toStdString()});
    run.options = {{"fix", "true"}, {"trace", "true"}};
    std::vector<tracer::TraceWriter *> writers {&native, &chrome, &otlp, &metrics};
    for (auto *w : writers)
        w->beginRun(run);
    Tee tee(writers);
    auto reader = tracer::SessionReader::open(sessionsPath);
    if (!reader)
        return {};
    tracer::ReplayOptions replayOptions;
    replayOptions.evaluation.fix = true;
    replayOptions.evaluation.trace = true;
    tracer::replay(set, reader.value(), replayOptions, tee);
    for (auto *w : writers)
        w->finish();
    return {llmclOut.str(), chromeOut.str(), otlpOut.str(), metricsOut.str()};
}

void TestExports::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_contractPath = m_dir.filePath(QStringLiteral("support.llmcl")).toStdString();
    m_sessionsPath = m_dir.filePath(QStringLiteral("sessions.jsonl")).toStdString();
    QFile c(QString::fromStdString(m_contractPath));
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write(kContract);
    c.close();
    QFile s(QString::fromStdString(m_sessionsPath));
    QVERIFY(s.open(QIODevice::WriteOnly));
    s.write(kSessions);
    s.close();
    llmcl::engine::CompileRequest request;
    request.files = {m_contractPath};
    const auto result = llmcl::engine::compileContracts(request);
    for (const auto &d : result.diagnostics)
        qWarning("%s", d.message.c_str());
    QVERIFY(result.set);
    m_set = result.set;
}

void TestExports::redaction_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *in, const char *out) {
        QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
    };
    row("email", "mail jane.doe+tag@mail.example.co.uk now", "mail <EMAIL_REDACTED> now");
    row("email-sentence-end", "Write to bob@example.com.", "Write to <EMAIL_REDACTED>.");
    row("email-no-tld", "user@localhost stays", "user@localhost stays");
    row("handle", "@handle and a@b", "@handle and a@b");
    row("phone-dashes", "call 555-123-4567.", "call <PHONE_REDACTED>.");
    row("phone-parens", "(555) 123-4567", "<PHONE_REDACTED>");
    row("phone-dots", "555.123.4567", "<PHONE_REDACTED>");
    row("phone-plus-one", "+1 (555) 123-4567 ok", "<PHONE_REDACTED> ok");
    row("phone-one-dash", "1-800-555-0199", "<PHONE_REDACTED>");
    row("phone-international", "ring +44 20 7946 0958", "ring <PHONE_REDACTED>");
    row("phone-then-number", "555-123-4567 2 times", "<PHONE_REDACTED> 2 times");
    row("ssn", "SSN 123-45-6789", "SSN <SSN_REDACTED>");
    row("ssn-spaces", "ssn: 123 45 6789", "ssn: <SSN_REDACTED>");
    row("ssn-invalid-area", "000-12-3456 and 666-12-3456", "000-12-3456 and 666-12-3456");
    row("card-spaces", "4111 1111 1111 1111", "<CARD_REDACTED>");
    row("card-dashes", "pay 5500-0000-0000-0004 today", "pay <CARD_REDACTED> today");
    row("card-plain", "4012888888881881", "<CARD_REDACTED>");
    row("card-amex", "3782 822463 10005", "<CARD_REDACTED>");
    row("card-bad-luhn", "4111 1111 1111 1112", "4111 1111 1111 1112");
    row("card-mixed-separators", "4111-1111 1111-1111", "4111-1111 1111-1111");
    row("date-iso", "on 2024-01-15 at 10:30", "on 2024-01-15 at 10:30");
    row("date-us", "12/31/2024", "12/31/2024");
    row("date-dots", "31.12.2024", "31.12.2024");
    row("ipv4", "host 192.168.100.254", "host 192.168.100.254");
    row("version", "v1.2.3 and 10.0.19045", "v1.2.3 and 10.0.19045");
    row("order-number", "order ORD-555-123-4567", "order ORD-555-123-4567");
    row("order-hash", "order #2024-000123", "order #2024-000123");
    row("plain-number", "1234567890 items", "1234567890 items");
    row("money", "$1,234,567.89", "$1,234,567.89");
    row("utf8", "Grüße an zoë@exämple.de", "Grüße an zoë@exämple.de");
    row("utf8-around", "→ jane@example.org ←", "→ <EMAIL_REDACTED> ←");
    row("empty", "", "");
}

void TestExports::redaction()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(tracer::redactPii(input.toStdString())), expected);
}

void TestExports::llmclTrace()
{
    const Exports e = exportAll(m_set, m_contractPath, m_sessionsPath, false);
    const Value doc = parse(e.llmcl);
    QVERIFY(doc.isMap());
    QCOMPARE(str(doc.find("format")), std::string("llmcl-trace"));
    QCOMPARE(num(doc.find("version")), 1.0);
    const Value *runs = doc.find("runs");
    QVERIFY(runs && runs->isList() && runs->asList().size() == 1);
    const Value &firstRun = runs->asList()[0];
    const Value *conversations = firstRun.find("conversations");
    QVERIFY(conversations && conversations->asList().size() == 2);
    QCOMPARE(firstRun.find("problems")->asList().size(), std::size_t(1));
    const Value &c1 = conversations->asList()[0];
    QCOMPARE(str(c1.find("id")), std::string("c1"));
    QCOMPARE(c1.find("turns")->asList().size(), std::size_t(2));
    QVERIFY(c1.find("end")->isMap());
    // The first turn's whitespace fix, with before and after.
    const Value &t1 = c1.find("turns")->asList()[0];
    const auto fixes = t1.find("fixes")->asList();
    QCOMPARE(fixes.size(), std::size_t(1));
    QCOMPARE(str(fixes[0].find("after")), std::string("Hi jane.doe@example.com, thanks"));
    QCOMPARE(str(fixes[0].find("outcome")), std::string("fixed"));
    // Every clause has its source range, and operand values are traced.
    bool sawWindow = false, sawTemporal = false, sawValues = false;
    for (const Value &turn : c1.find("turns")->asList()) {
        for (const Value &contract : turn.find("contracts")->asList()) {
            for (const Value &clause : contract.find("clauses")->asList()) {
                const Value *range = clause.find("range");
                QVERIFY(range && range->find("begin")->find("line")->asInt() >= 1);
                QVERIFY(range->find("end")->find("offset")->asInt()
                    > range->find("begin")->find("offset")->asInt());
                sawWindow |= clause.find("window") != nullptr;
                sawTemporal |= clause.find("temporal") != nullptr;
                sawValues |= !clause.find("values")->asList().empty();
            }
        }
    }
    QVERIFY(sawWindow);
    QVERIFY(sawTemporal);
    QVERIFY(sawValues);

    // The schema accepts it (and is itself a valid draft 2020-12 schema).
    REQUIRE_TOOL(pythonHas("jsonschema"), "python3-jsonschema");
    const QString schema = llmcl::test::sourcePath(u"/docs/llmcl-trace.schema.json");
    const QString script = QStringLiteral(
        "import json, sys, jsonschema\n"
        "schema = json.load(open(sys.argv[1]))\n"
        "jsonschema.Draft202012Validator.check_schema(schema)\n"
        "doc = json.load(sys.stdin)\n"
        "errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))\n"
        "for e in errors[:10]: print(list(e.absolute_path), e.message)\n"
        "bad = json.loads('{\"format\": \"llmcl-trace\", \"version\": 2, \"runs\": []}')\n"
        "assert not jsonschema.Draft202012Validator(schema).is_valid(bad)\n"
        "sys.exit(1 if errors else 0)\n");
    QCOMPARE(run(QStringLiteral("python3"), {QStringLiteral("-c"), script, schema},
                 QByteArray::fromStdString(e.llmcl)),
        0);
}

void TestExports::llmclTraceRedacted()
{
    const Exports plain = exportAll(m_set, m_contractPath, m_sessionsPath, false);
    QVERIFY(plain.llmcl.find("jane.doe@example.com") != std::string::npos);
    const Exports e = exportAll(m_set, m_contractPath, m_sessionsPath, true);
    for (const std::string *text : {&e.llmcl, &e.chrome, &e.otlp}) {
        QVERIFY(text->find("jane.doe@example.com") == std::string::npos);
        QVERIFY(text->find("555-123-4567") == std::string::npos);
        QVERIFY(text->find("123-45-6789") == std::string::npos);
        QVERIFY(text->find("4111 1111 1111 1111") == std::string::npos);
        QVERIFY(text->find("<EMAIL_REDACTED>") != std::string::npos);
        QVERIFY(text->find("<SSN_REDACTED>") != std::string::npos);
    }
    const Value doc = parse(e.llmcl);
    QVERIFY(doc.isMap());
    QCOMPARE(doc.find("redacted")->asBool(), true);
}

void TestExports::chromeNesting()
{
    const Exports e = exportAll(m_set, m_contractPath, m_sessionsPath, false);
    const Value doc = parse(e.chrome);
    QVERIFY(doc.isMap());
    const Value *events = doc.find("traceEvents");
    QVERIFY(events && events->isList());
    struct Span
    {
        double start, end;
        int rank;
        std::string name;
    };
    const std::map<std::string, int> ranks {
        {"turn", 0}, {"phase", 1}, {"contract", 2}, {"clause", 3}};
    std::map<std::int64_t, std::vector<Span>> byThread;
    std::map<std::int64_t, std::string> threadNames;
    std::string processName;
    for (const Value &ev : events->asList()) {
        const std::string ph = str(ev.find("ph"));
        QCOMPARE(ev.find("pid")->asInt(), std::int64_t(1));
        if (ph == "M") {
            if (str(ev.find("name")) == "process_name")
                processName = str(ev.find("args")->find("name"));
            if (str(ev.find("name")) == "thread_name")
                threadNames[ev.find("tid")->asInt()] = str(ev.find("args")->find("name"));
            continue;
        }
        if (ph != "X")
            continue;
        const double ts = num(ev.find("ts"));
        const double dur = num(ev.find("dur"));
        QVERIFY(ts >= 0 && dur >= 0);
        const auto rank = ranks.find(str(ev.find("cat")));
        QVERIFY(rank != ranks.end());
        QVERIFY(ev.find("args")->isMap());
        byThread[ev.find("tid")->asInt()].push_back(
            {ts, ts + dur, rank->second, str(ev.find("name"))});
    }
    QCOMPARE(processName, std::string("llmcl replay"));
    QCOMPARE(threadNames.size(), std::size_t(2));
    QCOMPARE(threadNames[1], std::string("c1"));
    QCOMPARE(threadNames[2], std::string("c2"));
    QCOMPARE(byThread.size(), std::size_t(2));
    constexpr double eps = 1e-6; // µs: the values are exact to the nanosecond
    std::size_t clauses = 0;
    for (auto &[tid, spans] : byThread) {
        std::stable_sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) {
            if (a.start != b.start)
                return a.start < b.start;
            return a.rank < b.rank;
        });
        std::vector<const Span *> stack;
        std::map<const Span *, double> childSum;
        double lastTurnEnd = 0;
        for (const Span &s : spans) {
            auto contains = [&](const Span *p) {
                return s.start >= p->start - eps && s.end <= p->end + eps && p->rank < s.rank;
            };
            while (!stack.empty() && !contains(stack.back()))
                stack.pop_back();
            if (stack.empty()) {
                QVERIFY2(s.rank == 0, s.name.c_str()); // only turns at the top
                // Turns are laid end to end.
                QVERIFY(std::abs(s.start - lastTurnEnd) < eps);
                lastTurnEnd = s.end;
            } else {
                QVERIFY2(stack.back()->rank == s.rank - 1, s.name.c_str());
                childSum[stack.back()] += s.end - s.start;
            }
            clauses += s.rank == 3;
            stack.push_back(&s);
        }
        // Phases, contracts: children tile their parent exactly.
        for (const auto &[parent, sum] : childSum) {
            if (parent->rank >= 1)
                QVERIFY2(std::abs(parent->end - parent->start - sum) < eps, parent->name.c_str());
        }
    }
    QVERIFY(clauses >= 5 * 6);
}

void TestExports::otlpShape()
{
    const Exports e = exportAll(m_set, m_contractPath, m_sessionsPath, false);
    const Value doc = parse(e.otlp);
    QVERIFY(doc.isMap());
    const auto resourceSpans = doc.find("resourceSpans")->asList();
    QCOMPARE(resourceSpans.size(), std::size_t(1));
    const auto scopeSpans = resourceSpans[0].find("scopeSpans")->asList();
    const auto spans = scopeSpans[0].find("spans")->asList();
    std::map<std::string, std::set<std::string>> idsByTrace;
    for (const Value &s : spans) {
        QVERIFY(isHex(str(s.find("traceId")), 32));
        QVERIFY(isHex(str(s.find("spanId")), 16));
        QVERIFY(idsByTrace[str(s.find("traceId"))].insert(str(s.find("spanId"))).second);
        QVERIFY(s.find("kind")->isInt());
        QVERIFY(s.find("startTimeUnixNano")->isString());
        QVERIFY(std::stoll(str(s.find("startTimeUnixNano")))
            <= std::stoll(str(s.find("endTimeUnixNano"))));
    }
    QCOMPARE(idsByTrace.size(), std::size_t(2)); // one trace per conversation
    std::size_t roots = 0, failing = 0;
    std::set<std::string> keys;
    for (const Value &s : spans) {
        const std::string parent = str(s.find("parentSpanId"));
        if (parent.empty())
            ++roots;
        else
            QVERIFY(idsByTrace[str(s.find("traceId"))].count(parent));
        for (const Value &a : s.find("attributes")->asList()) {
            keys.insert(str(a.find("key")));
            if (const Value *i = a.find("value")->find("intValue"))
                QVERIFY(i->isString());
        }
        const Value *status = s.find("status");
        bool clauseFailed = false;
        for (const Value &a : s.find("attributes")->asList()) {
            if (str(a.find("key")) == "llmcl.clause.status") {
                const std::string v = str(a.find("value")->find("stringValue"));
                clauseFailed = v == "fail" || v == "error";
            }
        }
        if (clauseFailed) {
            QVERIFY(status && status->find("code")->asInt() == 2);
            ++failing;
        }
    }
    QCOMPARE(roots, std::size_t(2));
    QVERIFY(failing >= 2);
    for (const char *key : {"llmcl.clause.id", "llmcl.clause.status", "llmcl.contract.name",
             "llmcl.phase", "llmcl.turn.number", "gen_ai.conversation.id", "gen_ai.input.messages",
             "gen_ai.output.messages", "llmcl.window.rate", "llmcl.temporal.settled_at"})
        QVERIFY2(keys.count(key), key);
}

void TestExports::otlpProtobuf()
{
    const Exports e = exportAll(m_set, m_contractPath, m_sessionsPath, false);
    const QString protoDir = llmcl::test::sourcePath(u"/../shared/otlp-proto");
    REQUIRE_TOOL(QDir(protoDir).exists(), "../shared/otlp-proto");
    REQUIRE_TOOL(!QStandardPaths::findExecutable(QStringLiteral("protoc")).isEmpty(),
        "protoc (protobuf-compiler)");
    REQUIRE_TOOL(pythonHas("google.protobuf"), "python3-protobuf");
    QTemporaryDir out;
    QVERIFY(out.isValid());
    QCOMPARE(run(QStringLiteral("protoc"),
                 {QStringLiteral("-I") + protoDir, QStringLiteral("--python_out=") + out.path(),
                     QStringLiteral("opentelemetry/proto/common/v1/common.proto"),
                     QStringLiteral("opentelemetry/proto/resource/v1/resource.proto"),
                     QStringLiteral("opentelemetry/proto/trace/v1/trace.proto")},
                 {}),
        0);
    // Unknown fields are errors for json_format.Parse: a camelCase slip fails here.
    const QString script = QStringLiteral(
        "import sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from google.protobuf import json_format\n"
        "from opentelemetry.proto.trace.v1 import trace_pb2\n"
        "data = json_format.Parse(sys.stdin.read(), trace_pb2.TracesData())\n"
        "spans = [s for r in data.resource_spans for ss in r.scope_spans for s in ss.spans]\n"
        "assert len(spans) > 10, len(spans)\n"
        // OTLP/JSON writes ids in hex where proto3 JSON has base64: the hex text reads back
        // as base64 (its alphabet is a subset), 32 and 16 characters as 24 and 12 bytes.
        "import base64\n"
        "assert all(len(s.trace_id) == 24 and len(s.span_id) == 12 for s in spans)\n"
        "assert all(base64.b64encode(s.span_id).decode().isalnum() for s in spans)\n"
        "assert any(s.status.code == 2 for s in spans)\n"
        "assert all(s.end_time_unix_nano >= s.start_time_unix_nano > 0 for s in spans)\n"
        "print(len(spans))\n");
    QCOMPARE(run(QStringLiteral("python3"), {QStringLiteral("-c"), script, out.path()},
                 QByteArray::fromStdString(e.otlp)),
        0);
}

void TestExports::otlpReproducible()
{
    const Exports a = exportAll(m_set, m_contractPath, m_sessionsPath, false);
    const Exports b = exportAll(m_set, m_contractPath, m_sessionsPath, false);
    // Durations are measured, so compare the ids only.
    auto ids = [](const std::string &text) {
        std::vector<std::string> out;
        const Value doc = parse(text);
        for (const Value &s : doc.find("resourceSpans")
                 ->asList()[0]
                 .find("scopeSpans")
                 ->asList()[0]
                 .find("spans")
                 ->asList())
            out.push_back(str(s.find("traceId")) + str(s.find("spanId")));
        return out;
    };
    QCOMPARE(ids(a.otlp), ids(b.otlp));
    QCOMPARE(tracer::OtlpTraceWriter::traceId("run-1", "c1"),
        tracer::OtlpTraceWriter::traceId("run-1", "c1"));
    QVERIFY(tracer::OtlpTraceWriter::traceId("run-1", "c1")
        != tracer::OtlpTraceWriter::traceId("run-2", "c1"));
}

void TestExports::prometheus()
{
    const Exports e = exportAll(m_set, m_contractPath, m_sessionsPath, false);
    const std::string &m = e.metrics;
    for (const char *needle :
        {"# TYPE llmcl_validations_total counter", "# TYPE llmcl_violations_total counter",
            "# TYPE llmcl_fixes_total counter", "# TYPE llmcl_conflicts_total counter",
            "# TYPE llmcl_clause_duration_seconds histogram",
            "# TYPE llmcl_contract_duration_seconds histogram",
            "llmcl_fixes_total{contract=\"Support\",clause=\"Support#3\",kind=\"ensure\","
            "outcome=\"fixed\"} 1",
            "llmcl_violations_total{contract=\"Support\",clause=\"Support#2\",kind=\"ensure\"} 1",
            "llmcl_contract_duration_seconds_count{contract=\"Support\"} 5", "le=\"+Inf\"",
            "llmcl_turns_total 5"})
        QVERIFY2(m.find(needle) != std::string::npos, needle);
    REQUIRE_TOOL(!QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty(),
        "promtool (prometheus)");
    QCOMPARE(run(QStringLiteral("promtool"), {QStringLiteral("check"), QStringLiteral("metrics")},
                 QByteArray::fromStdString(m)),
        0);
}

void TestExports::labelEscaping()
{
    QCOMPARE(tracer::escapeLabelValue("a\"b\\c\nd"), std::string("a\\\"b\\\\c\\nd"));
}

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
