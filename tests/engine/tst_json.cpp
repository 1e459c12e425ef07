// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/json.h"
#include "engine/utf8.h"
#include "engine/value.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>
#include <string>

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
    // A big number elsewhere sends the document down the careful path.
    QTest::newRow("careful-path") << bytes(R"(["\ud83d\ude00\u00e9\n", 1e400])") << bytes("😀é\n");
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
    QTest::newRow("raw-newline") << bytes("\"a\nb\"")
                                 << u"unescaped control character in a string at byte 2"_s;
    QTest::newRow("bad-escape") << bytes(R"("\x41")") << u"invalid escape in a string at byte 1"_s;
    QTest::newRow("bad-hex") << bytes(R"("\u12G4")")
                             << u"invalid hex digit in a \\u escape at byte 5"_s;
    QTest::newRow("lone-high-surrogate")
        << bytes(R"(["\ud800"])") << u"unpaired UTF-16 surrogate"_s;
    QTest::newRow("lone-low-surrogate")
        << bytes(R"("x\udc00")") << u"surrogate in a \\u escape at byte 2"_s;
    QTest::newRow("invalid-utf8") << bytes("[\"a\xFF\"]")
                                  << u"invalid UTF-8 in a string at byte 3"_s;
    QTest::newRow("single-quotes") << bytes("'a'") << u"at byte 0"_s;
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
    const std::string ok = std::string(1000, '[') + std::string(1000, ']');
    Value value;
    std::string error;
    QVERIFY2(parseJson(ok, value, error), error.c_str());

    const std::string deep = std::string(1025, '[') + std::string(1025, ']');
    QVERIFY(!parseJson(deep, value, error));
    QVERIFY2(QString::fromStdString(error).contains(u"1024"_s), error.c_str());

    // Very deep garbage is an error too, not a stack overflow.
    const std::string deeper = std::string(200000, '[');
    QVERIFY(!parseJson(deeper, value, error));
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

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
