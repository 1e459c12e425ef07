// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/builtins.h"
#include "engine/compiledset.h"
#include "engine/evalscratch.h"
#include "engine/evaluator.h"
#include "engine/json.h"
#include "engine/jsondom.h"
#include "engine/resultjson.h"
#include "engine/utf8.h"
#include "engine/value.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "tests/common/workerstack.h"

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

namespace {

// Bytes with embedded NULs and invalid UTF-8 kept (QByteArray(const char *) stops at NUL).
template<std::size_t N>
QByteArray bytes(const char (&text)[N])
{
    return QByteArray(text, N - 1);
}

std::string_view view(const QByteArray &data)
{
    return {data.constData(), static_cast<std::size_t>(data.size())};
}

QByteArray toBytes(std::string_view text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

std::string compactString(std::string_view text)
{
    JsonWriter writer;
    writer.string(text);
    return writer.take();
}

std::string compactValue(const Value &value)
{
    JsonWriter writer;
    writeValue(writer, value);
    return writer.take();
}

// The escaping rules a byte at a time, as the writer applied them before it scanned words: the
// reference for escapingAtEveryOffset().
std::string escapedBytewise(std::string_view text)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const utf8::DecodeResult r = utf8::decodeAt(text, i);
            out += r.valid ? std::string(text.substr(i, r.length)) : std::string("\xEF\xBF\xBD");
            i += r.length;
            continue;
        }
        ++i;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20) {
                constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + '"';
}

Value parsed(std::string_view text)
{
    Value value;
    std::string error;
    if (!parseJson(text, value, error))
        qWarning("parseJson failed: %s", error.c_str());
    return value;
}

// Runs `f` on a thread with a 512 KiB stack, the size macOS gives secondary threads (and
// QThreadPool's workers there), and returns what it returns: a failure message or nothing.
// (Sanitizer builds: more, see workerstack.h.)
QString onSmallStack(const std::function<QString()> &f)
{
    QString failure;
    const std::unique_ptr<QThread> thread(QThread::create([&] { failure = f(); }));
    thread->setStackSize(llmcl::test::kWorkerStackBytes);
    thread->start();
    thread->wait();
    return failure;
}

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Printable bytes of a test input: ASCII as is, everything else as \xNN; long inputs cut.
QString printable(std::string_view text)
{
    QString out;
    for (std::size_t i = 0; i < std::min<std::size_t>(text.size(), 300); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F)
            out += QChar(char16_t(c));
        else
            out += u"\\x%1"_s.arg(c, 2, 16, QChar(u'0'));
    }
    if (text.size() > 300)
        out += u"... (%1 bytes)"_s.arg(text.size());
    return out;
}

struct CallOutcome
{
    bool ok = false;
    Value value;
    std::string error;
};

CallOutcome callJson(EvalScratch &scratch, BuiltinId id, std::initializer_list<Value> arguments)
{
    Value matchGroup;
    BuiltinCall call {scratch, nullptr, &matchGroup, {}};
    CallOutcome outcome;
    outcome.ok = callBuiltin(
        id, std::span<const Value>(arguments.begin(), arguments.size()), call, outcome.value);
    outcome.error = call.error;
    return outcome;
}

// Random JSON texts, most of them valid, and mutations of them: every kind of value, numbers
// far outside int64 and double, escapes, surrogates, raw UTF-8, and then inserted, deleted,
// replaced and cut bytes, bad escapes, invalid UTF-8, NaN, comments, trailing commas.
class JsonishGenerator
{
public:
    explicit JsonishGenerator(quint32 seed)
        : m_random(seed)
    { }

    std::string next()
    {
        std::string text;
        whitespace(text);
        value(text, 0);
        whitespace(text);
        if (m_random.bounded(2) == 0)
            mutate(text);
        return text;
    }

private:
    template<std::size_t N>
    std::string_view pick(const std::string_view (&items)[N])
    {
        return items[m_random.bounded(static_cast<quint32>(N))];
    }

    bool chance(quint32 oneIn) { return m_random.bounded(oneIn) == 0; }

    void whitespace(std::string &out)
    {
        static constexpr std::string_view spaces[] = {"", "", "", " ", "\n", "\t", "\r\n", "  "};
        out += pick(spaces);
    }

    void digits(std::string &out, int count, bool leadingNonZero)
    {
        for (int i = 0; i < count; ++i) {
            const quint32 low = i == 0 && leadingNonZero ? 1 : 0;
            out += static_cast<char>('0' + low + m_random.bounded(10 - low));
        }
    }

    void number(std::string &out)
    {
        static constexpr std::string_view special[] = {"0", "-0", "-0.0", "0e0", "0.0E-0",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "18446744073709551615", "18446744073709551616", "1e308",
            "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "-1e400", "1e-400",
            "4.9e-324", "2e-324", "1e99999999999999999999", "1E+2", "1e-7"};
        switch (m_random.bounded(5)) {
        case 0:
            out += pick(special);
            return;
        case 1: // a huge integer
            if (chance(2))
                out += '-';
            digits(out, 19 + static_cast<int>(m_random.bounded(300)), true);
            return;
        case 2:
            out += std::to_string(static_cast<int>(m_random.bounded(2001)) - 1000);
            return;
        default: // a float, its exponent sometimes far beyond the double range
            if (chance(2))
                out += '-';
            if (chance(3))
                out += '0';
            else
                digits(out, 1 + static_cast<int>(m_random.bounded(20)), true);
            if (chance(2)) {
                out += '.';
                digits(out, 1 + static_cast<int>(m_random.bounded(20)), false);
            }
            if (chance(2)) {
                out += chance(2) ? 'e' : 'E';
                static constexpr std::string_view signs[] = {"", "+", "-"};
                out += pick(signs);
                out += std::to_string(m_random.bounded(chance(2) ? 20u : 800u));
            }
        }
    }

    void string(std::string &out)
    {
        static constexpr std::string_view pieces[] = {"a", "key", " ", "'", "\\\"", "\\\\", "\\/",
            "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u001f", "\\u00e9", "\\u20AC",
            "\\uFFFF", "\\ud83d\\ude00", "\\uDBFF\\uDFFF", "\xC3\xA9", "\xE6\x97\xA5",
            "\xF0\x9F\x98\x80", "\xEF\xBB\xBF", "$", "[0]", ".", "]"};
        out += '"';
        const quint32 count = m_random.bounded(6);
        for (quint32 i = 0; i < count; ++i)
            out += pick(pieces);
        out += '"';
    }

    void value(std::string &out, int depth)
    {
        const quint32 kind = m_random.bounded(depth > 5 ? 6 : 9);
        switch (kind) {
        case 0:
            out += "null";
            return;
        case 1:
            out += chance(2) ? "true" : "false";
            return;
        case 2:
        case 3:
            number(out);
            return;
        case 4:
        case 5:
            string(out);
            return;
        case 6:
        case 7: {
            out += '[';
            const quint32 count = m_random.bounded(5);
            for (quint32 i = 0; i < count; ++i) {
                if (i > 0)
                    out += ',';
                whitespace(out);
                value(out, depth + 1);
                whitespace(out);
            }
            out += ']';
            return;
        }
        default: {
            out += '{';
            const quint32 count = m_random.bounded(5);
            for (quint32 i = 0; i < count; ++i) {
                if (i > 0)
                    out += ',';
                whitespace(out);
                if (chance(4)) // a repeated key now and then
                    out += "\"k\"";
                else
                    string(out);
                whitespace(out);
                out += ':';
                whitespace(out);
                value(out, depth + 1);
            }
            out += '}';
        }
        }
    }

    void mutate(std::string &text)
    {
        static constexpr std::string_view fragments[] = {"[", "]", "{", "}", "\"", ",", ":", "\\",
            " ", "0", "-", ".", "e", "+", "t", "n", "NaN", "Infinity", "-Infinity", "01", "1.",
            ".5", "+1", "0x10", "1e", "tru", "nul", "'a'", "/* c */", "// c\n", ",]", ",}", "\\x41",
            "\\u12G4", "\\u12", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud800\\n",
            std::string_view("\0", 1), "\x01", "\x1f", "\x7f", "\x80", "\xBF", "\xC0\x80", "\xC3",
            "\xE2\x82", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF",
            "\xEF\xBB\xBF", "\xC2\xA0", "\f", "\v", "1e400", "123456789012345678901234567890"};
        const quint32 count = 1 + m_random.bounded(3);
        for (quint32 i = 0; i < count; ++i) {
            const auto at =
                static_cast<std::size_t>(m_random.bounded(static_cast<quint32>(text.size() + 1)));
            switch (m_random.bounded(5)) {
            case 0:
            case 1:
                text.insert(at, pick(fragments));
                break;
            case 2:
                if (at < text.size())
                    text.erase(at, 1 + m_random.bounded(3));
                break;
            case 3:
                if (at < text.size())
                    text[at] = pick(fragments)[0];
                break;
            default:
                text.resize(at);
            }
        }
    }

    QRandomGenerator m_random;
};

// The value at `path` in `value` as json_extract finds it, or nullptr.
const Value *follow(const Value &value, const std::vector<std::variant<std::string, qint64>> &path)
{
    const Value *current = &value;
    for (const auto &step : path) {
        if (const auto *key = std::get_if<std::string>(&step)) {
            current = current->isMap() ? current->find(*key) : nullptr;
        } else {
            if (!current->isList())
                return nullptr;
            const auto size = static_cast<qint64>(current->asList().size());
            const qint64 index =
                std::get<qint64>(step) < 0 ? std::get<qint64>(step) + size : std::get<qint64>(step);
            current = index >= 0 && index < size ? &current->asList()[std::size_t(index)] : nullptr;
        }
        if (!current)
            return nullptr;
    }
    return current;
}

std::string pathText(const std::vector<std::variant<std::string, qint64>> &path)
{
    std::string text = "$";
    for (const auto &step : path) {
        if (const auto *key = std::get_if<std::string>(&step)) {
            text += "['";
            for (const char c : *key) {
                if (c == '\'' || c == '\\')
                    text += '\\';
                text += c;
            }
            text += "']";
        } else {
            text += '[' + std::to_string(std::get<qint64>(step)) + ']';
        }
    }
    return text;
}

struct AgreementCounts
{
    int valid = 0;
    int invalid = 0;
    int paths = 0;
    int simdjsonAccepted = 0;
};

// Everything the JSON functions promise about one text; a failure message, or nothing.
QString checkAgreement(std::string_view text, EvalScratch &scratch,
    simdjson::dom::parser &simdjsonParser, QRandomGenerator &random, AgreementCounts &counts)
{
    const auto failure = [&text](const QString &what) {
        return what + u"\ninput: "_s + printable(text);
    };
    std::string validationError;
    const bool valid = validateJson(text, &validationError);
    Value value;
    std::string parseError;
    if (parseJson(text, value, parseError) != valid)
        return failure(u"validateJson and parseJson disagree"_s);
    if (!valid && validationError != parseError)
        return failure(
            u"different messages: %1 / %2"_s.arg(fromStd(validationError), fromStd(parseError)));
    ++(valid ? counts.valid : counts.invalid);

    const Value subject = Value::borrowedString(text);
    const Value root = Value::borrowedString("$");
    const std::string invalidJson = "invalid JSON: " + parseError;
    const CallOutcome isValid = callJson(scratch, BuiltinId::JsonValid, {subject});
    if (!isValid.ok || isValid.value.asBool() != valid)
        return failure(valid ? u"json_valid is not true"_s : u"json_valid is not false"_s);
    const CallOutcome parse = callJson(scratch, BuiltinId::JsonParse, {subject});
    const CallOutcome has = callJson(scratch, BuiltinId::JsonHas, {subject, root});
    const CallOutcome extract = callJson(scratch, BuiltinId::JsonExtract, {subject, root});
    if (!valid) {
        for (const CallOutcome *outcome : {&parse, &has, &extract}) {
            if (outcome->ok || outcome->error != invalidJson)
                return failure(u"an invalid text must give the error \"%1\", not \"%2\""_s.arg(
                    fromStd(invalidJson),
                    fromStd(outcome->ok ? repr(outcome->value) : outcome->error)));
        }
    } else {
        const std::string expected = repr(value);
        if (!parse.ok || repr(parse.value) != expected)
            return failure(u"json_parse differs from parseJson"_s);
        if (!has.ok || !has.value.asBool())
            return failure(u"json_has(text, \"$\") is not true"_s);
        if (!extract.ok || repr(extract.value) != expected)
            return failure(u"json_extract(text, \"$\") differs from parseJson"_s);
        // Paths into the value, and one step beyond where each leads.
        std::vector<std::variant<std::string, qint64>> path;
        const Value *at = &value;
        for (int depth = 0; depth < 6; ++depth) {
            std::vector<std::variant<std::string, qint64>> missing = path;
            missing.emplace_back(std::string("\x01missing"));
            for (const auto *p : {&path, &missing}) {
                const Value *target = follow(value, *p);
                const std::string pathString = pathText(*p);
                const Value pathValue = Value::borrowedString(pathString);
                const CallOutcome h = callJson(scratch, BuiltinId::JsonHas, {subject, pathValue});
                const CallOutcome x =
                    callJson(scratch, BuiltinId::JsonExtract, {subject, pathValue});
                if (!h.ok || h.value.asBool() != (target != nullptr))
                    return failure(u"json_has at %1"_s.arg(fromStd(pathString)));
                if (!x.ok || repr(x.value) != (target ? repr(*target) : std::string("null")))
                    return failure(u"json_extract at %1: %2"_s.arg(
                        fromStd(pathString), fromStd(x.ok ? repr(x.value) : x.error)));
                ++counts.paths;
            }
            if (at->isList() && !at->asList().empty()) {
                const auto size = static_cast<qint64>(at->asList().size());
                const auto index = static_cast<qint64>(random.bounded(static_cast<quint32>(size)));
                path.emplace_back(random.bounded(2) == 0 ? index : index - size);
                at = &at->asList()[std::size_t(index)];
            } else if (at->isMap() && !at->asMap().empty()) {
                const MapEntry &entry =
                    at->asMap()[random.bounded(static_cast<quint32>(at->asMap().size()))];
                path.emplace_back(entry.first);
                at = &entry.second;
            } else {
                break;
            }
        }
    }

    // simdjson (the session reader's fast path) accepts a subset with the same values. It
    // refuses numbers beyond its range and counts depth its own way; anything else it refuses
    // is invalid here too.
    const simdjson::padded_string padded(text.data(), text.size());
    simdjson::dom::element element;
    const simdjson::error_code code = simdjsonParser.parse(padded).get(element);
    if (code == simdjson::SUCCESS) {
        ++counts.simdjsonAccepted;
        if (!valid)
            return failure(u"simdjson accepts what parseJson refuses: "_s + fromStd(parseError));
        if (repr(detail::jsonDomToValue(element)) != repr(value))
            return failure(u"simdjson reads another value"_s);
    } else if (valid && code != simdjson::NUMBER_ERROR && code != simdjson::BIGINT_ERROR
        && code != simdjson::DEPTH_ERROR) {
        return failure(u"parseJson accepts what simdjson refuses: "_s
            + QString::fromUtf8(simdjson::error_message(code)));
    }
    return {};
}

} // namespace

class TestJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escaping_data();
    void escaping();
    void escapingAtEveryOffset();
    void membersInOneGo();
    void reusedWriter();
    void clauseVerdictWriterWritesWhatWriteClauseVerdictDoes();
    void doubles_data();
    void doubles();
    void integers();
    void compactNesting();
    void prettyPrinting();
    void writeValues();
    void outputIsValidJson();

    void parseKinds();
    void parseNumbers_data();
    void parseNumbers();
    void parseStrings_data();
    void parseStrings();
    void parseKeepsMemberOrder();
    void parseRepeatedKeys();
    void parseErrors_data();
    void parseErrors();
    void parseDepth();
    void roundTrip();
    void oneParserForEveryFunction();
    void deepValuesOnASmallStack();
};

void TestJson::escaping_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << bytes("hello") << bytes(R"("hello")");
    QTest::newRow("empty") << QByteArray() << bytes(R"("")");
    QTest::newRow("quote-backslash") << bytes(R"(a"b\c)") << bytes(R"("a\"b\\c")");
    QTest::newRow("slash-kept") << bytes("a/b") << bytes(R"("a/b")");
    QTest::newRow("named-controls") << bytes("\b\f\n\r\t") << bytes(R"("\b\f\n\r\t")");
    QTest::newRow("nul") << bytes("a\0b") << bytes(R"("a\u0000b")");
    QTest::newRow("other-controls") << bytes("\x01\x1f\x0b") << bytes(R"("\u0001\u001f\u000b")");
    QTest::newRow("del-kept") << bytes("\x7f") << bytes("\"\x7f\"");
    QTest::newRow("non-ascii-kept") << bytes("Grüße — 日本 😀") << bytes("\"Grüße — 日本 😀\"");
    QTest::newRow("u2028-kept") << bytes("\xE2\x80\xA8") << bytes("\"\xE2\x80\xA8\"");
    QTest::newRow("invalid-byte") << bytes("a\xFF"
                                           "b")
                                  << bytes("\"a\xEF\xBF\xBD"
                                           "b\"");
    QTest::newRow("truncated-sequence") << bytes("\xE2\x82") << bytes("\"\xEF\xBF\xBD\"");
    QTest::newRow("truncated-at-end") << bytes("ok\xF0\x9F\x98") << bytes("\"ok\xEF\xBF\xBD\"");
    QTest::newRow("surrogate-encoded")
        << bytes("\xED\xA0\x80") << bytes("\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    QTest::newRow("overlong") << bytes("\xC0\xAF") << bytes("\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    QTest::newRow("lone-continuation") << bytes("\x80"
                                                "x")
                                       << bytes("\"\xEF\xBF\xBD"
                                                "x\"");
}

void TestJson::escaping()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(toBytes(compactString(view(input))), expected);
}

// The writer scans and copies strings a word (8 bytes) at a time: every byte that needs a
// look, alone or after another (a borrow in the word test), at every offset of strings up to
// five words long, must come out as the byte-at-a-time rules say.
void TestJson::escapingAtEveryOffset()
{
    const std::string specials[] = {std::string(1, '\0'), "\x1f", " ", "!", "\"", "#", "\\", "]",
        "\x7f", "\n", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\x80", "\xFF", "\xE2\x82",
        "\xC0\xAF", "\xED\xA0\x80"};
    for (std::size_t length = 0; length <= 40; ++length)
        for (std::size_t at = 0; at <= length; ++at)
            for (const std::string &first : specials)
                for (const std::string &second : {std::string(), std::string(" "),
                         std::string("\x01"), std::string("\""), std::string("\xFF")}) {
                    std::string text(length, 'a');
                    text.insert(at, first + second);
                    const std::string expected = escapedBytewise(text);
                    QCOMPARE(compactString(text), expected);
                    std::string appended = "x";
                    appendJsonString(appended, text);
                    QCOMPARE(appended, "x" + expected);
                }
}

// In Compact style member() writes the separator, key and value in one go; the result must
// not differ from key() followed by the value.
void TestJson::membersInOneGo()
{
    const std::string longText(100, 'z');
    JsonWriter together;
    JsonWriter apart;
    together.beginObject();
    apart.beginObject();
    together.member("s", longText);
    apart.key("s");
    apart.string(longText);
    together.member("i", std::numeric_limits<std::int64_t>::min());
    apart.key("i");
    apart.integer(std::numeric_limits<std::int64_t>::min());
    together.member("d", -1.7976931348623157e308);
    apart.key("d");
    apart.number(-1.7976931348623157e308);
    together.member("t", true);
    apart.key("t");
    apart.boolean(true);
    together.member("f", false);
    apart.key("f");
    apart.boolean(false);
    together.member("q\"\n", "");
    apart.key("q\"\n");
    apart.string("");
    together.endObject();
    apart.endObject();
    QCOMPARE(together.text(), apart.text());
    QCOMPARE(toBytes(together.text()),
        toBytes("{\"s\":\"" + longText
            + R"(","i":-9223372036854775808,"d":-1.7976931348623157e+308,"t":true,"f":false,"q\"\n":""})"));
}

// A writer cleared between documents (a JSON line per turn) writes each as a fresh one would,
// whether the next document is longer or shorter than the last; view() and text() agree.
void TestJson::reusedWriter()
{
    JsonWriter writer;
    for (const std::size_t size : {std::size_t(3000), std::size_t(5), std::size_t(70000)}) {
        const std::string text(size, 'k');
        writer.clear();
        writer.beginObject();
        writer.member("text", text);
        writer.endObject();
        const std::string expected = R"({"text":")" + text + R"("})";
        QCOMPARE(std::string(writer.view()), expected);
        QCOMPARE(writer.text(), expected);
        QCOMPARE(std::string(writer.view()), expected);
    }
    QCOMPARE(writer.take(), std::string(R"({"text":")") + std::string(70000, 'k') + R"("})");
    writer.beginArray();
    writer.endArray();
    QCOMPARE(writer.text(), std::string("[]"));
}

void TestJson::doubles_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("tenth") << 0.1 << bytes("0.1");
    QTest::newRow("integral") << 1.0 << bytes("1.0");
    QTest::newRow("zero") << 0.0 << bytes("0.0");
    QTest::newRow("negative-zero") << -0.0 << bytes("-0.0");
    QTest::newRow("negative") << -2.5 << bytes("-2.5");
    QTest::newRow("large-integral") << 123456789.0 << bytes("123456789.0");
    QTest::newRow("exponent") << 1e20 << bytes("1e+20");
    QTest::newRow("small") << 1.5e-7 << bytes("1.5e-07");
    QTest::newRow("shortest") << 0.30000000000000004 << bytes("0.30000000000000004");
    QTest::newRow("max") << std::numeric_limits<double>::max() << bytes("1.7976931348623157e+308");
    QTest::newRow("denormal") << 5e-324 << bytes("5e-324");
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << bytes("null");
    QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << bytes("null");
    QTest::newRow("minus-infinity") << -std::numeric_limits<double>::infinity() << bytes("null");
}

void TestJson::doubles()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    JsonWriter writer;
    writer.number(value);
    QCOMPARE(toBytes(writer.text()), expected);
    // Finite doubles read back exactly, and as floats.
    if (std::isfinite(value)) {
        const Value back = parsed(writer.text());
        QVERIFY(back.isFloat());
        QCOMPARE(back.asFloat(), value);
        QCOMPARE(std::signbit(back.asFloat()), std::signbit(value));
    }
}

void TestJson::integers()
{
    JsonWriter writer;
    writer.beginArray();
    writer.integer(0);
    writer.integer(-1);
    writer.integer(std::numeric_limits<std::int64_t>::max());
    writer.integer(std::numeric_limits<std::int64_t>::min());
    writer.endArray();
    QCOMPARE(toBytes(writer.text()), bytes("[0,-1,9223372036854775807,-9223372036854775808]"));
}

void TestJson::compactNesting()
{
    JsonWriter writer;
    writer.beginObject();
    writer.member("a", 1);
    writer.key("b");
    writer.beginArray();
    writer.boolean(true);
    writer.null();
    writer.beginObject();
    writer.endObject();
    writer.beginArray();
    writer.endArray();
    writer.endArray();
    writer.member("c", "x");
    writer.member("d", false);
    writer.member("e", 0.5);
    writer.endObject();
    QCOMPARE(toBytes(writer.text()),
        bytes(R"({"a":1,"b":[true,null,{},[]],"c":"x","d":false,"e":0.5})"));
}

void TestJson::prettyPrinting()
{
    JsonWriter writer(JsonWriter::Style::Pretty);
    writer.beginObject();
    writer.member("valid", true);
    writer.key("list");
    writer.beginArray();
    writer.integer(1);
    writer.beginObject();
    writer.member("k", "v");
    writer.endObject();
    writer.endArray();
    writer.key("empty");
    writer.beginArray();
    writer.endArray();
    writer.key("none");
    writer.beginObject();
    writer.endObject();
    writer.endObject();
    const QByteArray expected = R"({
  "valid": true,
  "list": [
    1,
    {
      "k": "v"
    }
  ],
  "empty": [],
  "none": {}
})";
    QCOMPARE(toBytes(writer.text()), expected);
}

void TestJson::writeValues()
{
    QCOMPARE(compactValue(Value()), std::string("null"));
    QCOMPARE(compactValue(Value::boolean(false)), std::string("false"));
    QCOMPARE(compactValue(Value::integer(-42)), std::string("-42"));
    QCOMPARE(compactValue(Value::number(2.0)), std::string("2.0"));
    QCOMPARE(compactValue(Value::number(std::nan(""))), std::string("null"));
    QCOMPARE(compactValue(Value::borrowedString("a\"b")), std::string(R"("a\"b")"));
    QCOMPARE(compactValue(Value::string("x\ny")), std::string(R"("x\ny")"));
    const Value nested = Value::map({
        {"z", Value::list({Value::integer(1), Value::string("two"), Value()})},
        {"a", Value::map({{"inner", Value::boolean(true)}})},
        {"e", Value::list({})},
    });
    QCOMPARE(
        compactValue(nested), std::string(R"({"z":[1,"two",null],"a":{"inner":true},"e":[]})"));
}

void TestJson::outputIsValidJson()
{
    // Whatever bytes a string holds, the output parses (with Qt's parser too) and is UTF-8.
    std::string all;
    for (int c = 0; c < 256; ++c)
        all.push_back(static_cast<char>(c));
    JsonWriter writer(JsonWriter::Style::Pretty);
    writer.beginObject();
    writer.member("all bytes", all);
    writer.member("nan", std::nan(""));
    writer.endObject();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(toBytes(writer.text()), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    const QString text = document.object().value(u"all bytes").toString();
    QCOMPARE(text.size(), qsizetype(128 + 128)); // ASCII as is, each byte >= 0x80 one U+FFFD
    QVERIFY(text.endsWith(QChar(0xFFFD)));
    QVERIFY(document.object().value(u"nan").isNull());
}

void TestJson::parseKinds()
{
    QVERIFY(parsed("null").isNull());
    QVERIFY(parsed("true").asBool());
    QVERIFY(!parsed(" false ").asBool());
    QCOMPARE(parsed("42").asInt(), std::int64_t(42));
    QCOMPARE(parsed("-1.5").asFloat(), -1.5);
    QCOMPARE(parsed(R"("hi")").asString(), std::string_view("hi"));
    const Value list = parsed(R"([1, "a", null, [true], {}])");
    QVERIFY(list.isList());
    QCOMPARE(list.asList().size(), std::size_t(5));
    QVERIFY(list.asList()[0].isInt());
    QVERIFY(list.asList()[1].isString());
    QVERIFY(list.asList()[2].isNull());
    QVERIFY(list.asList()[3].isList());
    QVERIFY(list.asList()[4].isMap());
    QVERIFY(list.asList()[4].asMap().empty());
    const Value map = parsed("\n\t{\"k\": {\"n\": [ ]}}\r\n");
    QVERIFY(map.isMap());
    const Value *k = map.find("k");
    QVERIFY(k && k->isMap());
    QVERIFY(k->find("n") && k->find("n")->isList());
    QVERIFY(parsed(R"("borrowed?")").ownsText());
}

void TestJson::parseNumbers_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("isInt");
    QTest::addColumn<qint64>("intValue");
    QTest::addColumn<double>("floatValue");
    QTest::newRow("zero") << bytes("0") << true << qint64(0) << 0.0;
    QTest::newRow("minus-zero") << bytes("-0") << true << qint64(0) << 0.0;
    QTest::newRow("int64-max") << bytes("9223372036854775807") << true
                               << std::numeric_limits<qint64>::max() << 0.0;
    QTest::newRow("int64-min") << bytes("-9223372036854775808") << true
                               << std::numeric_limits<qint64>::min() << 0.0;
    QTest::newRow("above-int64") << bytes("9223372036854775808") << false << qint64(0)
                                 << 9223372036854775808.0;
    QTest::newRow("uint64-max") << bytes("18446744073709551615") << false << qint64(0)
                                << 18446744073709551615.0;
    QTest::newRow("below-int64") << bytes("-9223372036854775809") << false << qint64(0)
                                 << -9223372036854775809.0;
    QTest::newRow("huge-integer") << bytes("123456789012345678901234567890") << false << qint64(0)
                                  << 1.2345678901234568e29;
    QTest::newRow("fraction") << bytes("1.0") << false << qint64(0) << 1.0;
    QTest::newRow("exponent") << bytes("1e3") << false << qint64(0) << 1000.0;
    QTest::newRow("negative-exponent") << bytes("25E-1") << false << qint64(0) << 2.5;
    QTest::newRow("overflow") << bytes("1e400") << false << qint64(0)
                              << std::numeric_limits<double>::infinity();
    QTest::newRow("negative-overflow")
        << bytes("-12.5e999") << false << qint64(0) << -std::numeric_limits<double>::infinity();
    QTest::newRow("underflow") << bytes("1e-400") << false << qint64(0) << 0.0;
    QTest::newRow("underflow-fraction") << bytes("0.000001e-399") << false << qint64(0) << 0.0;
}

void TestJson::parseNumbers()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, isInt);
    QFETCH(qint64, intValue);
    QFETCH(double, floatValue);
    Value value;
    std::string error;
    QVERIFY2(parseJson(view(text), value, error), error.c_str());
    QCOMPARE(value.isInt(), isInt);
    if (isInt)
        QCOMPARE(value.asInt(), intValue);
    else
        QCOMPARE(value.asFloat(), floatValue);
    // The same number inside an array takes the same path.
    QVERIFY(parseJson(view("[" + text + "]"), value, error));
    QCOMPARE(value.asList()[0].isInt(), isInt);
}

void TestJson::parseStrings_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("escapes") << bytes(R"("\"\\\/\b\f\n\r\t")") << bytes("\"\\/\b\f\n\r\t");
    QTest::newRow("unicode-escape") << bytes(R"("\u00e9\u20AC")") << bytes("é€");
    QTest::newRow("surrogate-pair") << bytes(R"("\ud83d\ude00")") << bytes("😀");
    QTest::newRow("nul-escape") << bytes(R"("a\u0000b")") << bytes("a\0b");
    QTest::newRow("raw-utf8") << bytes("\"Grüße 日本\"") << bytes("Grüße 日本");
    // A number beyond the double range elsewhere in the document changes nothing.
    QTest::newRow("with-big-number")
        << bytes(R"(["\ud83d\ude00\u00e9\n", 1e400])") << bytes("😀é\n");
}

void TestJson::parseStrings()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    Value value = parsed(view(text));
    if (value.isList())
        value = value.asList()[0];
    QVERIFY(value.isString());
    QCOMPARE(toBytes(value.asString()), expected);
}

void TestJson::parseKeepsMemberOrder()
{
    const Value map = parsed(R"({"zeta": 1, "alpha": 2, "mid": 3})");
    QCOMPARE(map.asMap().size(), std::size_t(3));
    QCOMPARE(map.asMap()[0].first, std::string("zeta"));
    QCOMPARE(map.asMap()[1].first, std::string("alpha"));
    QCOMPARE(map.asMap()[2].first, std::string("mid"));
}

void TestJson::parseRepeatedKeys()
{
    // As Python's json.loads: the first position, the last value.
    const Value map = parsed(R"({"a": 1, "b": 2, "a": 3})");
    QCOMPARE(map.asMap().size(), std::size_t(2));
    QCOMPARE(map.asMap()[0].first, std::string("a"));
    QCOMPARE(map.asMap()[0].second.asInt(), std::int64_t(3));
    QCOMPARE(map.asMap()[1].first, std::string("b"));

    // Many members take the hashed path.
    std::string text = "{";
    for (int i = 0; i < 40; ++i)
        text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    text += "\"k7\": \"last\"}";
    const Value big = parsed(text);
    QCOMPARE(big.asMap().size(), std::size_t(40));
    QCOMPARE(big.asMap()[7].second.asString(), std::string_view("last"));
}

void TestJson::parseErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << u"expected a value at byte 0"_s;
    QTest::newRow("whitespace-only") << bytes("  ") << u"expected a value at byte 2"_s;
    QTest::newRow("unterminated-array") << bytes("[1,2") << u"at byte 4"_s;
    QTest::newRow("trailing-comma") << bytes("[1,]") << u"expected a value at byte 3"_s;
    QTest::newRow("missing-colon")
        << bytes(R"({"a" 1})") << u"expected ':' after an object key at byte 5"_s;
    QTest::newRow("unquoted-key") << bytes("{a: 1}")
                                  << u"expected a string as object key at byte 1"_s;
    QTest::newRow("bad-literal") << bytes("tru") << u"invalid literal at byte 0"_s;
    QTest::newRow("trailing-text")
        << bytes("[1] x") << u"unexpected text after the JSON value at byte 4"_s;
    QTest::newRow("two-values") << bytes("1 2") << u"at byte 2"_s;
    QTest::newRow("leading-zero") << bytes("01") << u"leading zero at byte 1"_s;
    QTest::newRow("bare-minus") << bytes("-") << u"expected a digit at byte 1"_s;
    QTest::newRow("dot-without-digits") << bytes("1.") << u"after '.' at byte 2"_s;
    QTest::newRow("nan") << bytes("NaN") << u"at byte 0"_s;
    QTest::newRow("unterminated-string") << bytes(R"("abc)") << u"unterminated string at byte 4"_s;
    QTest::newRow("unterminated-escape") << bytes(R"("ab\)") << u"unterminated string at byte 4"_s;
    QTest::newRow("raw-newline") << bytes("\"a\nb\"")
                                 << u"unescaped control character in a string at byte 2"_s;
    QTest::newRow("bad-escape") << bytes(R"("\x41")") << u"invalid escape in a string at byte 1"_s;
    QTest::newRow("bad-hex") << bytes(R"("\u12G4")")
                             << u"invalid hex digit in a \\u escape at byte 5"_s;
    QTest::newRow("short-hex") << bytes(R"("\u12")") << u"incomplete \\u escape at byte 3"_s;
    QTest::newRow("high-surrogate-then-letter")
        << bytes(R"("\ud800\u0041")") << u"unpaired UTF-16 surrogate in a \\u escape at byte 1"_s;
    QTest::newRow("lone-high-surrogate")
        << bytes(R"(["\ud800"])") << u"unpaired UTF-16 surrogate"_s;
    QTest::newRow("lone-low-surrogate")
        << bytes(R"("x\udc00")") << u"surrogate in a \\u escape at byte 2"_s;
    QTest::newRow("invalid-utf8") << bytes("[\"a\xFF\"]")
                                  << u"invalid UTF-8 in a string at byte 3"_s;
    QTest::newRow("single-quotes") << bytes("'a'") << u"at byte 0"_s;
    QTest::newRow("overlong-utf8")
        << bytes("\"\xC0\x80\"") << u"invalid UTF-8 in a string at byte 1"_s;
    QTest::newRow("encoded-surrogate")
        << bytes("\"\xED\xA0\x80\"") << u"invalid UTF-8 in a string at byte 1"_s;
    QTest::newRow("beyond-unicode")
        << bytes("\"\xF4\x90\x80\x80\"") << u"invalid UTF-8 in a string at byte 1"_s;
    QTest::newRow("truncated-utf8") << bytes("\"\xE2\x82\"") << u"invalid UTF-8"_s;
    QTest::newRow("utf8-outside-strings") << bytes("[\xC3\xA9]") << u"expected a value at byte 1"_s;
    QTest::newRow("nul-byte") << bytes("[1]\0")
                              << u"unexpected text after the JSON value at byte 3"_s;
    QTest::newRow("raw-nul-in-string") << bytes("\"a\0\"") << u"control character"_s;
    QTest::newRow("form-feed-is-not-whitespace") << bytes("[1,\f2]") << u"at byte 3"_s;
    QTest::newRow("nbsp-is-not-whitespace") << bytes("\xC2\xA0"
                                                     "1")
                                            << u"at byte 0"_s;
    QTest::newRow("two-byte-order-marks") << bytes("\xEF\xBB\xBF\xEF\xBB\xBF"
                                                   "1")
                                          << u"at byte 3"_s;
    QTest::newRow("comment") << bytes("[1 /* c */]")
                             << u"expected ',' or ']' in an array at byte 3"_s;
    QTest::newRow("infinity") << bytes("Infinity") << u"at byte 0"_s;
    QTest::newRow("plus-sign") << bytes("+1") << u"at byte 0"_s;
    QTest::newRow("hex-number") << bytes("0x10")
                                << u"unexpected text after the JSON value at byte 1"_s;
}

void TestJson::parseErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    Value value = Value::integer(1);
    std::string error;
    QVERIFY(!parseJson(view(text), value, error));
    QVERIFY(value.isNull());
    QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
}

void TestJson::parseDepth()
{
    // kMaxJsonDepth levels of arrays or objects, with something at the bottom, are fine.
    const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    std::string objects;
    for (std::size_t i = 0; i < kMaxJsonDepth; ++i)
        objects += "{\"a\": ";
    objects += "[]" + std::string(kMaxJsonDepth, '}');
    Value value;
    std::string error;
    QVERIFY2(parseJson(ok, value, error), error.c_str());
    QVERIFY2(validateJson(ok), error.c_str());
    QVERIFY2(!parseJson(objects, value, error), "one level too many");
    QCOMPARE(error, "nesting deeper than 1024 levels at byte " + std::to_string(6 * 1024));
    objects.replace(objects.find("[]"), 2, "1");
    QVERIFY2(parseJson(objects, value, error), error.c_str());

    const std::string deep = std::string(1025, '[') + std::string(1025, ']');
    QVERIFY(!parseJson(deep, value, error));
    QCOMPARE(error, std::string("nesting deeper than 1024 levels at byte 1024"));
    QVERIFY(!validateJson(deep));

    // Very deep garbage is an error too, not a stack overflow.
    const std::string deeper = std::string(200000, '[');
    QVERIFY(!parseJson(deeper, value, error));
    QVERIFY(!validateJson(deeper));
}

void TestJson::roundTrip()
{
    const Value original = Value::map({
        {"text", Value::string("line\n\"quoted\" \\ é 😀 \x01")},
        {"int", Value::integer(std::numeric_limits<std::int64_t>::min())},
        {"float", Value::number(0.1)},
        {"whole", Value::number(3.0)},
        {"list", Value::list({Value(), Value::boolean(true), Value::list({})})},
        {"map", Value::map({{"", Value::string("")}})},
    });
    for (const JsonWriter::Style style : {JsonWriter::Style::Compact, JsonWriter::Style::Pretty}) {
        JsonWriter writer(style);
        writeValue(writer, original);
        const Value back = parsed(writer.text());
        QVERIFY2(equals(back, original), writer.text().c_str());
        QVERIFY(back.find("whole")->isFloat());
        QVERIFY(back.find("int")->isInt());
    }
}

// json_valid, json_parse, json_has, json_extract and parseJson() are one parser: on every input
// they agree on whether it is JSON, on its value and on the error. Thousands of generated texts
// (valid ones, mutated ones, and the extremes: huge numbers, deep nesting, bad escapes, invalid
// UTF-8), all on a 512 KiB stack. simdjson, which the session reader uses as a fast path,
// must accept nothing this parser refuses and read the same values.
void TestJson::oneParserForEveryFunction()
{
    std::vector<std::string> inputs;
    for (const std::size_t depth :
        {std::size_t(1023), kMaxJsonDepth, kMaxJsonDepth + 1, std::size_t(100000)}) {
        inputs.push_back(std::string(depth, '[') + std::string(depth, ']'));
        inputs.push_back(std::string(depth, '[') + "1" + std::string(depth, ']'));
        inputs.push_back(std::string(depth, '['));
        std::string objects;
        for (std::size_t i = 0; i < depth; ++i)
            objects += R"({"k":)";
        inputs.push_back(objects + "null" + std::string(depth, '}'));
        inputs.push_back(std::string(depth, '[') + R"("\x")" + std::string(depth, ']'));
        inputs.push_back(std::string(depth / 2, '[') + std::string(depth / 2, '{'));
    }
    for (const char *text : {"", " ", "1e400", "-1e400", "1e-400", "[1e400]", "1e999999999999",
             "123456789012345678901234567890", "-123456789012345678901234567890",
             "18446744073709551616", "NaN", "\xEF\xBB\xBF{}", "\xEF\xBB\xBF", "\"\xFF\"",
             "\"\\ud800\"", "{\"a\":1,\"a\":2}", "[1,]", "{\"\xC3\xA9\": {\"\\u00e9\": 1}}"})
        inputs.emplace_back(text);
    const QString failure = onSmallStack([&inputs]() -> QString {
        EvalScratch scratch;
        simdjson::dom::parser simdjsonParser;
        QRandomGenerator random(17);
        AgreementCounts counts;
        for (const std::string &input : inputs) {
            if (QString f = checkAgreement(input, scratch, simdjsonParser, random, counts);
                !f.isEmpty())
                return f;
        }
        constexpr quint32 generatedInputs = 10000;
        for (quint32 seed = 1; seed <= generatedInputs; ++seed) {
            JsonishGenerator generator(seed);
            const std::string input = generator.next();
            if (QString f = checkAgreement(input, scratch, simdjsonParser, random, counts);
                !f.isEmpty())
                return u"seed %1: "_s.arg(seed) + f;
        }
        // Both kinds must be common, or the test would check little.
        if (counts.valid < 3000 || counts.invalid < 3000 || counts.paths < 10000
            || counts.simdjsonAccepted < 2000)
            return u"too few cases: %1 valid, %2 invalid, %3 paths, %4 accepted by simdjson"_s
                .arg(counts.valid)
                .arg(counts.invalid)
                .arg(counts.paths)
                .arg(counts.simdjsonAccepted);
        return {};
    });
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

// The deepest document the parser accepts survives everything evaluation does with its value
// (comparison, printing, explanations, JSON output, destruction) on a 512 KiB stack.
void TestJson::deepValuesOnASmallStack()
{
    std::string deep;
    for (std::size_t i = 0; i < kMaxJsonDepth / 2; ++i)
        deep += R"([{"a": )";
    deep += R"("bottom")";
    for (std::size_t i = 0; i < kMaxJsonDepth / 2; ++i)
        deep += "}]";
    CompileRequest request;
    request.files = {"deep.llmcl"};
    request.overrides["deep.llmcl"] = R"(contract Deep {
    ensure json_valid(response) and json_has(response, "$[0].a[0].a")
    ensure json_parse(response) == json_parse(response) and json_parse(response) != []
    ensure len(str(json_parse(response))) > 0 and json_extract(response, "$[0]") != null
    ensure json_parse(response) == json_parse(content)
    ensure json_extract(content, "$[0]") == 1
})";
    const CompileResult compiled = compileContracts(request);
    QVERIFY(compiled.set);
    const std::string tooDeep = std::string(200000, '[');
    const QString failure = onSmallStack([&]() -> QString {
        TurnInput turn;
        turn.content = tooDeep;
        turn.response = deep;
        EvalOptions options;
        options.trace = true;
        Evaluator evaluator(compiled.set);
        const TurnResult result = evaluator.evaluateTurn(turn, options);
        const auto &clauses = result.contracts.at(0).clauses;
        const ClauseStatus expected[] = {ClauseStatus::Pass, ClauseStatus::Pass, ClauseStatus::Pass,
            ClauseStatus::Error, ClauseStatus::Error};
        for (std::size_t i = 0; i < clauses.size(); ++i) {
            if (clauses[i].status != expected[i])
                return u"clause %1: %2"_s.arg(i + 1).arg(fromStd(clauses[i].message));
        }
        if (clauses[4].message.find("nesting deeper than 1024 levels at byte 1024")
            == std::string::npos)
            return fromStd(clauses[4].message);
        Value value;
        std::string error;
        if (!parseJson(deep, value, error))
            return fromStd(error);
        JsonWriter writer;
        writeValue(writer, value);
        Value back;
        if (!parseJson(writer.text(), back, error) || !equals(back, value))
            return u"the written value does not read back"_s;
        return {};
    });
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

// llmcl replay writes the members of a clause that stay the same from turn to turn once per
// clause position: the JSON must be writeClauseVerdict()'s, also when another clause (or the
// same id in another file) comes at a position, and for members that need escaping.
void TestJson::clauseVerdictWriterWritesWhatWriteClauseVerdictDoes()
{
    SourceRange line3;
    line3.begin.line = 3;
    SourceRange line12;
    line12.begin.line = 12;
    const ClauseRecord safety1 {.id = "Safety#1",
        .contract = "Safety",
        .file = "/work/contracts/safety.llmcl",
        .range = line3};
    std::vector<ClauseVerdict> clauses;
    clauses.push_back(ClauseVerdict::of(safety1));
    clauses.push_back(ClauseVerdict::of({.id = "Safety#2",
        .contract = "Safety",
        .kind = ClauseKind::Require,
        .severity = ClauseSeverity::Warning,
        .file = "C:\\contracts\\\"quoted\" s\u00e4fety.llmcl",
        .range = line12}));
    ClauseRecord elsewhere = safety1; // the same clause id in another file
    elsewhere.file = "/elsewhere/safety.llmcl";
    clauses.push_back(ClauseVerdict::of(elsewhere));
    ClauseRecord probabilistic = safety1;
    probabilistic.kind = ClauseKind::EnsureProb;
    clauses.push_back(ClauseVerdict::of(probabilistic));
    clauses[3].window = ClauseVerdict::Window {true, 0.9, 0.5, 2, -1};
    ClauseVerdictWriter cached;
    JsonWriter plain;
    JsonWriter writer;
    const std::vector<std::vector<std::size_t>> turns = {{0, 1}, {0, 1}, {2, 1}, {2, 0}, {3, 3}};
    for (std::size_t t = 0; t < turns.size(); ++t) {
        for (const bool explain : {false, true}) {
            plain.clear();
            writer.clear();
            plain.beginArray();
            writer.beginArray();
            for (std::size_t position = 0; position < turns[t].size(); ++position) {
                ClauseVerdict verdict = clauses[turns[t][position]];
                verdict.status = t % 2 ? ClauseStatus::Fail : ClauseStatus::Pass;
                verdict.durationNs = static_cast<std::int64_t>(100 * t + position);
                if (verdict.status == ClauseStatus::Fail) {
                    verdict.message = "too \"long\"";
                    verdict.values = Explanations({{"len(response)", Value::integer(12)}});
                }
                writeClauseVerdict(plain, verdict, explain);
                cached.write(writer, verdict, position, explain);
            }
            plain.endArray();
            writer.endArray();
            QCOMPARE(writer.text(), plain.text());
        }
    }
}

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
