// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/json.h"
#include "engine/operators.h"
#include "engine/value.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <string>

using namespace Qt::StringLiterals;
using namespace llmcl::engine;

Q_DECLARE_METATYPE(ArithmeticOperator)
Q_DECLARE_METATYPE(ComparisonOperator)

namespace {

QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Operands are written as JSON in the tables (every LLMCL type has a JSON form, NaN aside).
Value parse(const QString &json)
{
    Value value;
    std::string error;
    const std::string text = json.toStdString();
    if (!parseJson(text, value, error))
        qFatal("bad test JSON %s: %s", text.c_str(), error.c_str());
    return value;
}

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

} // namespace

class TestValues : public QObject
{
    Q_OBJECT

private slots:
    void construction();
    void asciiIsRemembered();
    void truthiness_data();
    void truthiness();
    void equality_data();
    void equality();
    void ordering_data();
    void ordering();
    void printing_data();
    void printing();
    void floatRepr_data();
    void floatRepr();
    void arithmetic_data();
    void arithmetic();
    void integerLimits();
    void comparisons_data();
    void comparisons();
    void nanComparisons();
    void negation();
    void indexing_data();
    void indexing();
    void slicing_data();
    void slicing();
    void members();
};

void TestValues::construction()
{
    QCOMPARE(sizeof(Value), 48u);
    QVERIFY(Value().isNull());
    QCOMPARE(Value::boolean(true).asBool(), true);
    QCOMPARE(Value::integer(kMin).asInt(), kMin);
    QCOMPARE(Value::number(1.5).asFloat(), 1.5);
    QCOMPARE(Value::integer(2).asNumber(), 2.0);
    const std::string text = "borrowed";
    const Value borrowed = Value::borrowedString(text);
    QCOMPARE(borrowed.asString().data(), text.data());
    QVERIFY(!borrowed.ownsText());
    const Value owned = Value::string("owned");
    QVERIFY(owned.ownsText());
    QCOMPARE(owned.asString(), std::string_view("owned"));
    const Value copy = owned;
    QCOMPARE(copy.asString().data(), owned.asString().data()); // shared, not copied
    const Value map = Value::map({{"b", Value::integer(1)}, {"a", Value::null()}});
    QCOMPARE(map.asMap()[0].first, std::string("b")); // insertion order
    QVERIFY(map.find("a") && map.find("a")->isNull());
    QVERIFY(!map.find("c"));
    QVERIFY(!Value::integer(1).find("a"));
    QCOMPARE(valueTypeName(ValueType::Map), std::string_view("map"));
    QCOMPARE(valueTypeName(Value::list({}).type()), std::string_view("list"));
}

void TestValues::asciiIsRemembered()
{
    const Value ascii = Value::borrowedString("plain text");
    QVERIFY(ascii.isAscii());
    const Value copy = ascii;
    QVERIFY(copy.isAscii());
    QVERIFY(!Value::borrowedString("naïve").isAscii());
    QVERIFY(Value::borrowedString("").isAscii());
    QVERIFY(!Value::integer(1).isAscii());
    QVERIFY(!Value::borrowedString(std::string_view("0123456789abcde\x80", 16)).isAscii());
}

void TestValues::truthiness_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("truthy");
    QTest::newRow("null") << u"null"_s << false;
    QTest::newRow("false") << u"false"_s << false;
    QTest::newRow("true") << u"true"_s << true;
    QTest::newRow("zero") << u"0"_s << false;
    QTest::newRow("zero-float") << u"0.0"_s << false;
    QTest::newRow("negative-zero") << u"-0.0"_s << false;
    QTest::newRow("one") << u"1"_s << true;
    QTest::newRow("empty-string") << u"\"\""_s << false;
    QTest::newRow("space") << u"\" \""_s << true;
    QTest::newRow("empty-list") << u"[]"_s << false;
    QTest::newRow("list-of-null") << u"[null]"_s << true;
    QTest::newRow("empty-map") << u"{}"_s << false;
    QTest::newRow("map") << u"{\"a\": 0}"_s << true;
}

void TestValues::truthiness()
{
    QFETCH(QString, value);
    QFETCH(bool, truthy);
    QCOMPARE(parse(value).truthy(), truthy);
}

void TestValues::equality_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("int-float") << u"1"_s << u"1.0"_s << true;
    QTest::newRow("int-float-fraction") << u"1"_s << u"1.5"_s << false;
    QTest::newRow("int-float-2^53+1") << u"9007199254740993"_s << u"9007199254740992.0"_s << false;
    QTest::newRow("int-max-float-2^63")
        << u"9223372036854775807"_s << u"9223372036854775808.0"_s << false;
    QTest::newRow("bool-int") << u"true"_s << u"1"_s << false;
    QTest::newRow("null-null") << u"null"_s << u"null"_s << true;
    QTest::newRow("null-false") << u"null"_s << u"false"_s << false;
    QTest::newRow("string") << u"\"é\""_s << u"\"é\""_s << true;
    QTest::newRow("string-differs") << u"\"a\""_s << u"\"A\""_s << false;
    QTest::newRow("string-number") << u"\"1\""_s << u"1"_s << false;
    QTest::newRow("list") << u"[1, [2.0, \"x\"]]"_s << u"[1.0, [2, \"x\"]]"_s << true;
    QTest::newRow("list-length") << u"[1]"_s << u"[1, 1]"_s << false;
    QTest::newRow("map-order-irrelevant")
        << u"{\"a\": 1, \"b\": 2}"_s << u"{\"b\": 2, \"a\": 1}"_s << true;
    QTest::newRow("map-values") << u"{\"a\": 1}"_s << u"{\"a\": 2}"_s << false;
    QTest::newRow("map-keys") << u"{\"a\": 1}"_s << u"{\"b\": 1}"_s << false;
    QTest::newRow("list-map") << u"[]"_s << u"{}"_s << false;
}

void TestValues::equality()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equal);
    QCOMPARE(equals(parse(a), parse(b)), equal);
    QCOMPARE(equals(parse(b), parse(a)), equal);
}

void TestValues::ordering_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("order"); // -1, 0, 1, or 2 for "cannot be ordered"
    QTest::newRow("ints") << u"1"_s << u"2"_s << -1;
    QTest::newRow("int-float") << u"2"_s << u"1.5"_s << 1;
    QTest::newRow("int-float-equal") << u"2"_s << u"2.0"_s << 0;
    QTest::newRow("int-float-exact") << u"9007199254740993"_s << u"9007199254740992.0"_s << 1;
    QTest::newRow("int-huge-float") << u"9223372036854775807"_s << u"1e19"_s << -1;
    QTest::newRow("int-negative-huge-float") << u"-9223372036854775807"_s << u"-1e19"_s << 1;
    QTest::newRow("float-negative-fraction") << u"-1.5"_s << u"-1"_s << -1;
    QTest::newRow("strings") << u"\"apple\""_s << u"\"banana\""_s << -1;
    QTest::newRow("strings-prefix") << u"\"ab\""_s << u"\"abc\""_s << -1;
    QTest::newRow("strings-code-point") << u"\"z\""_s << u"\"é\""_s << -1;
    QTest::newRow("strings-astral") << u"\"\uffff\""_s << u"\"😀\""_s << -1;
    QTest::newRow("bools") << u"false"_s << u"true"_s << -1;
    QTest::newRow("lists") << u"[1, 2]"_s << u"[1, 3]"_s << -1;
    QTest::newRow("lists-prefix") << u"[1]"_s << u"[1, 0]"_s << -1;
    QTest::newRow("lists-equal") << u"[1, \"a\"]"_s << u"[1.0, \"a\"]"_s << 0;
    QTest::newRow("lists-unorderable-tail") << u"[1, {}]"_s << u"[2, {}]"_s << -1;
    QTest::newRow("lists-mixed") << u"[1]"_s << u"[\"a\"]"_s << 2;
    QTest::newRow("string-int") << u"\"5\""_s << u"3"_s << 2;
    QTest::newRow("bool-int") << u"true"_s << u"0"_s << 2;
    QTest::newRow("null-null") << u"null"_s << u"null"_s << 2;
    QTest::newRow("maps") << u"{}"_s << u"{}"_s << 2;
}

void TestValues::ordering()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, order);
    const std::optional<int> forward = compare(parse(a), parse(b));
    const std::optional<int> backward = compare(parse(b), parse(a));
    if (order == 2) {
        QVERIFY(!forward);
        QVERIFY(!backward);
    } else {
        QCOMPARE(forward, std::optional<int>(order));
        QCOMPARE(backward, std::optional<int>(-order));
    }
}

void TestValues::printing_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("str");
    QTest::addColumn<QString>("repr");
    QTest::newRow("null") << u"null"_s << u"null"_s << u"null"_s;
    QTest::newRow("bool") << u"true"_s << u"true"_s << u"true"_s;
    QTest::newRow("int") << u"-42"_s << u"-42"_s << u"-42"_s;
    QTest::newRow("float") << u"0.1"_s << u"0.1"_s << u"0.1"_s;
    QTest::newRow("string") << u"\"héllo\""_s << u"héllo"_s << u"\"héllo\""_s;
    QTest::newRow("string-escapes") << u"\"a\\\"b\\\\c\\n\\t\\r\\u0001\\u007f\\u0085\""_s
                                    << u"a\"b\\c\n\t\r\u0001\u007f\u0085"_s
                                    << u"\"a\\\"b\\\\c\\n\\t\\r\\u0001\\u007f\\u0085\""_s;
    QTest::newRow("list") << u"[\"a\", 1, 2.0, null, [true]]"_s
                          << u"[\"a\", 1, 2.0, null, [true]]"_s
                          << u"[\"a\", 1, 2.0, null, [true]]"_s;
    QTest::newRow("map") << u"{\"k\": null, \"q\\\"\": \"v\"}"_s
                         << u"{\"k\": null, \"q\\\"\": \"v\"}"_s
                         << u"{\"k\": null, \"q\\\"\": \"v\"}"_s;
    QTest::newRow("empty-list") << u"[]"_s << u"[]"_s << u"[]"_s;
    QTest::newRow("empty-map") << u"{}"_s << u"{}"_s << u"{}"_s;
}

void TestValues::printing()
{
    QFETCH(QString, value);
    QFETCH(QString, str);
    QFETCH(QString, repr);
    const Value v = parse(value);
    QCOMPARE(fromView(llmcl::engine::str(v)), str);
    QCOMPARE(fromView(llmcl::engine::repr(v)), repr);
}

void TestValues::floatRepr_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("one") << 1.0 << u"1.0"_s;
    QTest::newRow("tenth") << 0.1 << u"0.1"_s;
    QTest::newRow("sum") << 0.1 + 0.2 << u"0.30000000000000004"_s;
    QTest::newRow("negative") << -2.5 << u"-2.5"_s;
    QTest::newRow("zero") << 0.0 << u"0.0"_s;
    QTest::newRow("negative-zero") << -0.0 << u"-0.0"_s;
    QTest::newRow("1e15") << 1e15 << u"1000000000000000.0"_s;
    QTest::newRow("below-1e16") << 1234567890123456.0 << u"1234567890123456.0"_s;
    QTest::newRow("1e16") << 1e16 << u"1e+16"_s;
    QTest::newRow("1e20") << 1e20 << u"1e+20"_s;
    QTest::newRow("1.5e20") << 1.5e20 << u"1.5e+20"_s;
    QTest::newRow("1e100") << 1e100 << u"1e+100"_s;
    QTest::newRow("0.0001") << 0.0001 << u"0.0001"_s;
    QTest::newRow("0.00001") << 0.00001 << u"1e-05"_s;
    QTest::newRow("1.25e-7") << 1.25e-7 << u"1.25e-07"_s;
    QTest::newRow("denormal") << 5e-324 << u"5e-324"_s;
    QTest::newRow("max") << std::numeric_limits<double>::max() << u"1.7976931348623157e+308"_s;
    QTest::newRow("pi") << 3.141592653589793 << u"3.141592653589793"_s;
    QTest::newRow("123.456") << 123.456 << u"123.456"_s;
    QTest::newRow("inf") << HUGE_VAL << u"inf"_s;
    QTest::newRow("-inf") << -HUGE_VAL << u"-inf"_s;
    QTest::newRow("nan") << std::nan("") << u"nan"_s;
}

void TestValues::floatRepr()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(fromView(str(Value::number(value))), text);
    QCOMPARE(fromView(repr(Value::number(value))), text);
}

void TestValues::arithmetic_data()
{
    QTest::addColumn<ArithmeticOperator>("op");
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected"); // repr() of the result, or the error

    using Op = ArithmeticOperator;
    const auto row = [](const char *tag, Op op, const QString &a, const QString &b,
                         const QString &expected) {
        QTest::newRow(tag) << op << a << b << true << expected;
    };
    const auto error = [](const char *tag, Op op, const QString &a, const QString &b,
                           const QString &expected) {
        QTest::newRow(tag) << op << a << b << false << expected;
    };
    row("int-add", Op::Add, u"2"_s, u"3"_s, u"5"_s);
    row("int-float-add", Op::Add, u"2"_s, u"0.5"_s, u"2.5"_s);
    row("float-add", Op::Add, u"0.1"_s, u"0.2"_s, u"0.30000000000000004"_s);
    row("string-concat", Op::Add, u"\"ab\""_s, u"\"çd\""_s, u"\"abçd\""_s);
    row("list-concat", Op::Add, u"[1]"_s, u"[2, 3]"_s, u"[1, 2, 3]"_s);
    error("string-int-add", Op::Add, u"\"a\""_s, u"1"_s,
        u"unsupported operand types for +: 'string' and 'int'"_s);
    error("bool-add", Op::Add, u"true"_s, u"1"_s,
        u"unsupported operand types for +: 'bool' and 'int'"_s);
    error("null-add", Op::Add, u"null"_s, u"1"_s,
        u"unsupported operand types for +: 'null' and 'int'"_s);
    error("map-add", Op::Add, u"{}"_s, u"{}"_s,
        u"unsupported operand types for +: 'map' and 'map'"_s);
    error("add-overflow", Op::Add, u"9223372036854775807"_s, u"1"_s,
        u"integer overflow in 9223372036854775807 + 1"_s);
    row("sub", Op::Subtract, u"2"_s, u"5"_s, u"-3"_s);
    error("sub-overflow", Op::Subtract, u"-9223372036854775807"_s, u"2"_s,
        u"integer overflow in -9223372036854775807 - 2"_s);
    error("sub-strings", Op::Subtract, u"\"a\""_s, u"\"b\""_s,
        u"unsupported operand types for -: 'string' and 'string'"_s);
    row("mul", Op::Multiply, u"6"_s, u"7"_s, u"42"_s);
    row("mul-float", Op::Multiply, u"1.5"_s, u"2"_s, u"3.0"_s);
    error("mul-overflow", Op::Multiply, u"4611686018427387904"_s, u"2"_s,
        u"integer overflow in 4611686018427387904 * 2"_s);
    row("mul-float-overflow-is-inf", Op::Multiply, u"1e308"_s, u"10"_s, u"inf"_s);
    row("string-repeat", Op::Multiply, u"\"ab\""_s, u"3"_s, u"\"ababab\""_s);
    row("string-repeat-reversed", Op::Multiply, u"2"_s, u"\"é\""_s, u"\"éé\""_s);
    row("string-repeat-zero", Op::Multiply, u"\"ab\""_s, u"0"_s, u"\"\""_s);
    row("string-repeat-negative", Op::Multiply, u"\"ab\""_s, u"-3"_s, u"\"\""_s);
    row("list-repeat", Op::Multiply, u"[1, 2]"_s, u"2"_s, u"[1, 2, 1, 2]"_s);
    error("string-repeat-huge", Op::Multiply, u"\"ab\""_s, u"100000000"_s,
        u"repetition result too large (over 16 MiB)"_s);
    error("list-repeat-huge", Op::Multiply, u"[1]"_s, u"9223372036854775807"_s,
        u"repetition result too large (over 1,048,576 items)"_s);
    error("string-repeat-float", Op::Multiply, u"\"ab\""_s, u"2.0"_s,
        u"unsupported operand types for *: 'string' and 'float'"_s);
    row("div", Op::Divide, u"7"_s, u"2"_s, u"3.5"_s);
    row("div-exact-is-float", Op::Divide, u"6"_s, u"3"_s, u"2.0"_s);
    row("div-float", Op::Divide, u"1"_s, u"3.0"_s, u"0.3333333333333333"_s);
    row("div-min-by-minus-one", Op::Divide, u"-9223372036854775807"_s, u"-1"_s,
        u"9.223372036854776e+18"_s);
    error("div-zero", Op::Divide, u"1"_s, u"0"_s, u"division by zero"_s);
    error("div-zero-float", Op::Divide, u"1.0"_s, u"0.0"_s, u"division by zero"_s);
    error("div-zero-negative-float", Op::Divide, u"1"_s, u"-0.0"_s, u"division by zero"_s);
    row("mod", Op::Modulo, u"7"_s, u"3"_s, u"1"_s);
    row("mod-negative-dividend", Op::Modulo, u"-7"_s, u"3"_s, u"2"_s);
    row("mod-negative-divisor", Op::Modulo, u"7"_s, u"-3"_s, u"-2"_s);
    row("mod-both-negative", Op::Modulo, u"-7"_s, u"-3"_s, u"-1"_s);
    row("mod-float", Op::Modulo, u"7.5"_s, u"2"_s, u"1.5"_s);
    row("mod-float-negative", Op::Modulo, u"-7.5"_s, u"2"_s, u"0.5"_s);
    row("mod-float-zero-sign", Op::Modulo, u"4.0"_s, u"-2"_s, u"-0.0"_s);
    error("mod-zero", Op::Modulo, u"1"_s, u"0"_s, u"integer modulo by zero"_s);
    error("mod-zero-float", Op::Modulo, u"1.5"_s, u"0.0"_s, u"float modulo by zero"_s);
    error("mod-string", Op::Modulo, u"\"%s\""_s, u"1"_s,
        u"unsupported operand types for %: 'string' and 'int'"_s);
}

void TestValues::arithmetic()
{
    QFETCH(ArithmeticOperator, op);
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, ok);
    QFETCH(QString, expected);
    Value result;
    std::string error;
    const bool succeeded = llmcl::engine::arithmetic(op, parse(a), parse(b), result, error);
    QCOMPARE(succeeded, ok);
    QCOMPARE(ok ? fromView(repr(result)) : fromView(error), expected);
}

void TestValues::integerLimits()
{
    Value result;
    std::string error;
    QVERIFY(llmcl::engine::arithmetic(
        ArithmeticOperator::Modulo, Value::integer(kMin), Value::integer(-1), result, error));
    QCOMPARE(result.asInt(), 0);
    QVERIFY(!llmcl::engine::arithmetic(
        ArithmeticOperator::Multiply, Value::integer(kMin), Value::integer(-1), result, error));
    QCOMPARE(error, std::string("integer overflow in -9223372036854775808 * -1"));
    QVERIFY(llmcl::engine::arithmetic(
        ArithmeticOperator::Add, Value::integer(kMax), Value::integer(kMin), result, error));
    QCOMPARE(result.asInt(), -1);
    QVERIFY(!llmcl::engine::arithmetic(
        ArithmeticOperator::Subtract, Value::integer(kMin), Value::integer(1), result, error));
}

void TestValues::comparisons_data()
{
    QTest::addColumn<ComparisonOperator>("op");
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("result");
    QTest::addColumn<QString>("error");

    using Op = ComparisonOperator;
    const auto row = [](const char *tag, Op op, const QString &a, const QString &b, bool r) {
        QTest::newRow(tag) << op << a << b << true << r << QString();
    };
    const auto error = [](const char *tag, Op op, const QString &a, const QString &b,
                           const QString &message) {
        QTest::newRow(tag) << op << a << b << false << false << message;
    };
    row("eq-int-float", Op::Equal, u"1"_s, u"1.0"_s, true);
    row("eq-types", Op::Equal, u"\"1\""_s, u"1"_s, false);
    row("ne-types", Op::NotEqual, u"null"_s, u"0"_s, true);
    row("lt", Op::Less, u"1"_s, u"2"_s, true);
    row("le-equal", Op::LessEqual, u"2"_s, u"2.0"_s, true);
    row("gt-strings", Op::Greater, u"\"b\""_s, u"\"a\""_s, true);
    row("ge-lists", Op::GreaterEqual, u"[1, 2]"_s, u"[1, 2]"_s, true);
    row("lt-bools", Op::Less, u"false"_s, u"true"_s, true);
    error("lt-string-int", Op::Less, u"\"5\""_s, u"3"_s,
        u"'<' not supported between 'string' and 'int'"_s);
    error("ge-null", Op::GreaterEqual, u"null"_s, u"0"_s,
        u"'>=' not supported between 'null' and 'int'"_s);
    error("gt-maps", Op::Greater, u"{}"_s, u"{}"_s, u"'>' not supported between 'map' and 'map'"_s);
    error("le-bool-int", Op::LessEqual, u"true"_s, u"1"_s,
        u"'<=' not supported between 'bool' and 'int'"_s);
    row("in-substring", Op::In, u"\"ll\""_s, u"\"hello\""_s, true);
    row("in-unicode", Op::In, u"\"é\""_s, u"\"café\""_s, true);
    row("in-empty", Op::In, u"\"\""_s, u"\"x\""_s, true);
    row("not-in-substring", Op::NotIn, u"\"z\""_s, u"\"hello\""_s, true);
    row("in-list", Op::In, u"2.0"_s, u"[1, 2, 3]"_s, true);
    row("in-list-missing", Op::In, u"\"2\""_s, u"[1, 2, 3]"_s, false);
    row("in-map-key", Op::In, u"\"a\""_s, u"{\"a\": null}"_s, true);
    row("in-map-non-string", Op::In, u"1"_s, u"{\"1\": 1}"_s, false);
    row("not-in-map", Op::NotIn, u"\"b\""_s, u"{\"a\": 1}"_s, true);
    error("in-string-int", Op::In, u"1"_s, u"\"123\""_s,
        u"'in <string>' requires a string as left operand, not int"_s);
    error("in-int", Op::In, u"1"_s, u"12"_s,
        u"'in' needs a string, list or map on its right, not int"_s);
    error("not-in-null", Op::NotIn, u"1"_s, u"null"_s,
        u"'not in' needs a string, list or map on its right, not null"_s);
}

void TestValues::comparisons()
{
    QFETCH(ComparisonOperator, op);
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, ok);
    QFETCH(bool, result);
    QFETCH(QString, error);
    bool actual = false;
    std::string message;
    QCOMPARE(comparison(op, parse(a), parse(b), actual, message), ok);
    if (ok)
        QCOMPARE(actual, result);
    else
        QCOMPARE(fromView(message), error);
}

void TestValues::nanComparisons()
{
    const Value nan = Value::number(std::nan(""));
    const Value one = Value::integer(1);
    std::string error;
    for (ComparisonOperator op : {ComparisonOperator::Less, ComparisonOperator::LessEqual,
             ComparisonOperator::Greater, ComparisonOperator::GreaterEqual}) {
        bool result = true;
        QVERIFY(comparison(op, nan, one, result, error));
        QVERIFY(!result);
        result = true;
        QVERIFY(comparison(op, one, nan, result, error));
        QVERIFY(!result);
        result = true;
        QVERIFY(comparison(op, Value::list({nan}), Value::list({one}), result, error));
        QVERIFY(!result);
    }
    bool result = true;
    QVERIFY(comparison(ComparisonOperator::Equal, nan, nan, result, error));
    QVERIFY(!result);
    QVERIFY(comparison(ComparisonOperator::NotEqual, nan, nan, result, error));
    QVERIFY(result);
    QVERIFY(!compare(nan, one));
    QVERIFY(comparison(ComparisonOperator::In, nan, Value::list({nan}), result, error));
    QVERIFY(!result);
}

void TestValues::negation()
{
    Value result;
    std::string error;
    QVERIFY(negate(Value::integer(5), result, error));
    QCOMPARE(result.asInt(), -5);
    QVERIFY(negate(Value::number(0.0), result, error));
    QVERIFY(std::signbit(result.asFloat()));
    QVERIFY(negate(Value::integer(kMax), result, error));
    QCOMPARE(result.asInt(), -kMax);
    QVERIFY(!negate(Value::integer(kMin), result, error));
    QCOMPARE(error, std::string("integer overflow in -(-9223372036854775808)"));
    QVERIFY(!negate(Value::borrowedString("x"), result, error));
    QCOMPARE(error, std::string("bad operand type for unary -: 'string'"));
    QVERIFY(!negate(Value::boolean(true), result, error));
}

void TestValues::indexing_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *tag, const QString &o, const QString &k, const QString &e) {
        QTest::newRow(tag) << o << k << true << e;
    };
    const auto error = [](const char *tag, const QString &o, const QString &k, const QString &e) {
        QTest::newRow(tag) << o << k << false << e;
    };
    row("string-first", u"\"hello\""_s, u"0"_s, u"\"h\""_s);
    row("string-last-negative", u"\"hello\""_s, u"-1"_s, u"\"o\""_s);
    row("string-unicode", u"\"añb😀c\""_s, u"1"_s, u"\"ñ\""_s);
    row("string-unicode-emoji", u"\"añb😀c\""_s, u"3"_s, u"\"😀\""_s);
    row("string-unicode-negative", u"\"añb😀c\""_s, u"-2"_s, u"\"😀\""_s);
    row("string-unicode-negative-first", u"\"añb😀c\""_s, u"-5"_s, u"\"a\""_s);
    error("string-out-of-range", u"\"hello\""_s, u"7"_s,
        u"string index 7 out of range for length 5"_s);
    error("string-negative-out-of-range", u"\"héllo\""_s, u"-6"_s,
        u"string index -6 out of range for length 5"_s);
    error("string-unicode-out-of-range", u"\"héllo\""_s, u"5"_s,
        u"string index 5 out of range for length 5"_s);
    error("string-empty", u"\"\""_s, u"0"_s, u"string index 0 out of range for length 0"_s);
    error("string-float-index", u"\"ab\""_s, u"1.0"_s, u"string indices must be int, not float"_s);
    row("list", u"[1, [2], \"x\"]"_s, u"1"_s, u"[2]"_s);
    row("list-negative", u"[1, [2], \"x\"]"_s, u"-1"_s, u"\"x\""_s);
    error("list-out-of-range", u"[1, 2]"_s, u"-3"_s, u"list index -3 out of range for length 2"_s);
    error("list-bool-index", u"[1, 2]"_s, u"true"_s, u"list indices must be int, not bool"_s);
    row("map", u"{\"a\": {\"b\": 2}}"_s, u"\"a\""_s, u"{\"b\": 2}"_s);
    row("map-missing", u"{\"a\": 1}"_s, u"\"z\""_s, u"null"_s);
    error("map-int-key", u"{\"a\": 1}"_s, u"0"_s, u"map keys are strings, not int"_s);
    error("null", u"null"_s, u"0"_s, u"null is not subscriptable"_s);
    error("int", u"5"_s, u"0"_s, u"int is not subscriptable"_s);
}

void TestValues::indexing()
{
    QFETCH(QString, object);
    QFETCH(QString, key);
    QFETCH(bool, ok);
    QFETCH(QString, expected);
    Value result;
    std::string error;
    QCOMPARE(index(parse(object), parse(key), result, error), ok);
    QCOMPARE(ok ? fromView(repr(result)) : fromView(error), expected);
}

void TestValues::slicing_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("lower");
    QTest::addColumn<QString>("upper");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *tag, const QString &o, const QString &lo, const QString &hi,
                         const QString &e) { QTest::newRow(tag) << o << lo << hi << true << e; };
    const auto error = [](const char *tag, const QString &o, const QString &lo, const QString &hi,
                           const QString &e) { QTest::newRow(tag) << o << lo << hi << false << e; };
    row("string", u"\"hello\""_s, u"1"_s, u"3"_s, u"\"el\""_s);
    row("string-open-end", u"\"hello\""_s, u"2"_s, u"null"_s, u"\"llo\""_s);
    row("string-open-start", u"\"hello\""_s, u"null"_s, u"2"_s, u"\"he\""_s);
    row("string-negative", u"\"hello\""_s, u"-3"_s, u"-1"_s, u"\"ll\""_s);
    row("string-clamped", u"\"hello\""_s, u"-100"_s, u"100"_s, u"\"hello\""_s);
    row("string-empty-range", u"\"hello\""_s, u"3"_s, u"1"_s, u"\"\""_s);
    row("string-unicode", u"\"añb😀c\""_s, u"1"_s, u"4"_s, u"\"ñb😀\""_s);
    row("string-unicode-negative", u"\"añb😀c\""_s, u"-2"_s, u"null"_s, u"\"😀c\""_s);
    row("string-unicode-past-end", u"\"añb\""_s, u"2"_s, u"10"_s, u"\"b\""_s);
    row("list", u"[1, 2, 3, 4]"_s, u"1"_s, u"-1"_s, u"[2, 3]"_s);
    row("list-whole", u"[1, 2]"_s, u"null"_s, u"null"_s, u"[1, 2]"_s);
    row("list-empty", u"[1, 2]"_s, u"5"_s, u"null"_s, u"[]"_s);
    error("map", u"{}"_s, u"0"_s, u"1"_s, u"map cannot be sliced"_s);
    error("float-bound", u"\"abc\""_s, u"0.5"_s, u"null"_s,
        u"slice indices must be int or null, not float"_s);
}

void TestValues::slicing()
{
    QFETCH(QString, object);
    QFETCH(QString, lower);
    QFETCH(QString, upper);
    QFETCH(bool, ok);
    QFETCH(QString, expected);
    Value result;
    std::string error;
    QCOMPARE(slice(parse(object), parse(lower), parse(upper), result, error), ok);
    QCOMPARE(ok ? fromView(repr(result)) : fromView(error), expected);

    if (ok && parse(object).isString()) {
        // A slice of a borrowed string borrows the same text.
        const std::string text = parse(object).asString().data();
        const Value borrowed = Value::borrowedString(text);
        QVERIFY(slice(borrowed, parse(lower), parse(upper), result, error));
        QVERIFY(!result.ownsText());
        QVERIFY(result.asString().empty()
            || (result.asString().data() >= text.data()
                && result.asString().data() < text.data() + text.size()));
    }
}

void TestValues::members()
{
    const Value map = parse(u"{\"user_type\": \"admin\", \"n\": null}"_s);
    Value result;
    std::string error;
    QVERIFY(member(map, "user_type", result, error));
    QCOMPARE(result.asString(), std::string_view("admin"));
    QVERIFY(member(map, "missing", result, error));
    QVERIFY(result.isNull());
    QVERIFY(!member(Value::integer(1), "name", result, error));
    QCOMPARE(error, std::string("int has no member 'name'"));
    QVERIFY(!member(Value::null(), "name", result, error));
    QCOMPARE(error, std::string("null has no member 'name'"));
}

QTEST_GUILESS_MAIN(TestValues)
#include "tst_values.moc"
