// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// A small RAII layer over the SQLite C API: a connection, prepared statements and transactions.
// Every failure is an engine::Error whose message names the database file and carries SQLite's
// own message and extended result code ("w.db: cannot begin a transaction: database is locked
// (SQLite code 5)"), and whose kind says what a caller may act on: Busy for SQLITE_BUSY and
// SQLITE_LOCKED (another connection's lock, held longer than the busy timeout), Full for
// SQLITE_FULL and for an I/O error whose system error is ENOSPC, EDQUOT or EFBIG, ReadOnly for
// SQLITE_READONLY and a read-write open of a file that may not be written, else Other. Nothing
// here throws. sqlite3.h stays out of the header.

struct sqlite3;
struct sqlite3_stmt;

namespace llmcl::tracer {

// A failure or nothing: `if (auto error = db.exec(...)) return *error;`.
using Status = std::optional<engine::Error>;

// The oldest SQLite library the workspace database works with, as sqlite3_libversion_number()
// counts it (3.44.0): the schema version 2 migration sorts inside group_concat(), which older
// libraries reject as a syntax error, so that not even a new database could be created.
// tracer/CMakeLists.txt refuses older headers; Database::open() refuses an older library at run
// time, since a program may run with another libsqlite3 than the one it was built against.
inline constexpr int kMinimumSqliteVersion = 3044000;

// Nothing when a SQLite library of `versionNumber` (as sqlite3_libversion_number() gives it) is
// new enough for the workspace database; otherwise an error naming `path`, the library's
// version and the version needed.
[[nodiscard]] Status checkSqliteVersion(const std::string &path, int versionNumber);

// The limits every connection sets (sqlite3_limit()), because a database file is untrusted
// input: room for LLMCL Studio's own largest rows and statements, none for a crafted row or
// schema entry that would take the process's memory or time (docs/workspace-database.md,
// "Opening untrusted databases").
struct DatabaseLimits
{
    // A text, a blob or a whole row: 256 MiB. The longest sessions line the reader accepts is
    // 64 MiB (ReadOptions::maxLineBytes; workspacedb.cpp asserts the ratio) and a turns row
    // holds its texts re-encoded, a verdict detail the traced values of such texts: four times
    // that leaves room for both.
    static constexpr int length = 256 << 20;
    // One SQL statement, and so every CREATE statement of a file's schema: 1 MiB (the longest
    // of ours, a migration step, is under 2 KiB).
    static constexpr int sqlLength = 1 << 20;
    // Columns of a table, an index, a result, an ORDER BY or GROUP BY: 100 (ours: at most 15).
    static constexpr int columns = 100;
    // Nesting of an expression: 100 (ours: under 20, the 15-term sum of the version 3 migration).
    static constexpr int expressionDepth = 100;
    // SELECTs joined by UNION and the like: 20 (ours: none).
    static constexpr int compoundSelect = 20;
    // Instructions of one compiled statement: 100,000 (ours: a few hundred).
    static constexpr int vdbeOps = 100000;
    // Arguments of one function call: 32 (ours: at most 6, json_object()).
    static constexpr int functionArguments = 32;
    // A LIKE or GLOB pattern: 1,000 bytes.
    static constexpr int likePatternLength = 1000;
    // The largest parameter number (?N): 999 (ours: 14).
    static constexpr int variableNumber = 999;
    // Triggers firing triggers: 10 (triggers are off altogether, see Database::open()).
    static constexpr int triggerDepth = 10;
};

// One SQLite connection. Not thread-safe: one object owns it and one thread uses it at a time
// (STYLE.md, Threads); it may be moved to another thread between uses.
class Database
{
public:
    enum class Mode : std::uint8_t
    {
        ReadWriteCreate, // creates the file when missing
        ReadWrite, // the file must exist
        ReadOnly, // SQLITE_OPEN_READONLY: every write fails with SQLITE_READONLY
    };

    struct Options
    {
        Mode mode = Mode::ReadWriteCreate;
        // How long a statement waits for another connection's lock before SQLITE_BUSY.
        std::chrono::milliseconds busyTimeout {5000};
        // The page size of a database file created by this open (0: SQLite's default, 4 KiB);
        // an existing file keeps its own.
        int pageSize = 0;
        // The page cache, in KiB (0: SQLite's default, 2 MiB).
        int cacheKiB = 0;
    };

    // Opens `path` and sets `foreign_keys=ON`; refuses a SQLite library older than
    // kMinimumSqliteVersion; unless read-only, also `journal_mode=WAL` and
    // `synchronous=NORMAL` (in WAL mode a crash loses at most the last commits, never
    // consistency). A read-write open of a file the process may not write fails with a
    // message saying so (SQLite would otherwise open it read-only silently). ":memory:" opens
    // a private in-memory database (no WAL).
    //
    // Every connection treats its file as untrusted input (https://www.sqlite.org/security.html),
    // before anything reads it: SQLITE_DBCONFIG_DEFENSIVE (no writable_schema or other ways to
    // corrupt the file by SQL), trusted_schema off (views and schema expressions may call only
    // functions SQLite marks innocuous), no extension loading, triggers off (the workspace
    // schema has none: a crafted trigger never fires, and a migration that adds one must turn
    // them back on), cell_size_check on, no memory-mapped I/O, and the DatabaseLimits.
    static engine::Result<Database> open(const std::string &path, const Options &options);
    static engine::Result<Database> open(const std::string &path) { return open(path, Options {}); }

    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    // Runs one or more statements without results (schema scripts, PRAGMAs that set).
    [[nodiscard]] Status exec(std::string_view sql);

    // The first column of the first row of `sql`, as text ("" when NULL or no row).
    engine::Result<std::string> queryText(std::string_view sql);
    // The first column of the first row of `sql`, as an integer (0 when NULL or no row).
    engine::Result<std::int64_t> queryInt(std::string_view sql);

    // "<file>: <what>: <SQLite's message> (SQLite code <extended code>)" for the connection's
    // last failure.
    engine::Error error(std::string_view what) const;
    engine::Error error(std::string_view what, int code) const;

    const std::string &path() const noexcept { return m_path; }
    // The database file's absolute path as SQLite resolved it, the same in every process that
    // opens the file ("" for a temporary or in-memory database).
    std::string fileName() const;
    bool isReadOnly() const noexcept { return m_readOnly; }
    // How long a statement waits for another connection's lock before failing with
    // SQLITE_BUSY (Options::busyTimeout at the open).
    void setBusyTimeout(std::chrono::milliseconds timeout);
    std::int64_t lastInsertRowId() const noexcept;
    std::int64_t changes() const noexcept;
    sqlite3 *handle() const noexcept { return m_db; }

private:
    Database(sqlite3 *db, std::string path, bool readOnly);

    sqlite3 *m_db = nullptr;
    std::string m_path;
    bool m_readOnly = false;
};

// A prepared statement: prepare once, then bind, step and reset as often as needed. Binding
// failures (an index out of range, an unknown name) are remembered and reported by the next
// step(), so a chain of binds needs no checks of its own. Must not outlive its Database.
class Statement
{
public:
    static engine::Result<Statement> prepare(Database &db, std::string_view sql);

    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    // Parameters are 1-based (?1, ?2, …); names include their prefix (":run").
    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text); // copied by SQLite
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, std::span<const std::byte> blob); // copied by SQLite
    Statement &bind(int index, std::nullptr_t);
    // A text SQLite reads where it is instead of copying it (bulk imports: the copy of every
    // turn's text showed in profiles). The caller keeps it valid and unchanged until the
    // statement has run, and binds the parameter again before the next run.
    struct InPlace
    {
        std::string_view text;
    };
    Statement &bind(int index, InPlace text);
    Statement &bind(int index, const std::optional<std::string> &text, InPlace)
    {
        return text ? bind(index, InPlace {*text}) : bind(index, nullptr);
    }
    template<typename T>
    Statement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bind(index, nullptr);
    }
    template<typename T>
    Statement &bind(std::string_view name, const T &value)
    {
        return bind(parameterIndex(name), value);
    }

    // Steps once: true when a row is ready to read, false when the statement is done.
    engine::Result<bool> step();
    // Steps through the remaining rows, calling f(statement) for each; stops at the first
    // error and returns it.
    template<typename F>
    Status forEachRow(F &&f)
    {
        for (;;) {
            auto row = step();
            if (!row)
                return row.error();
            if (!row.value())
                return std::nullopt;
            f(static_cast<const Statement &>(*this));
        }
    }
    // Steps until done (for statements without results), then resets.
    [[nodiscard]] Status run();
    // Makes the statement ready to run again and clears its bindings.
    void reset();

    // Columns are 0-based. Text and blob views stay valid until the next step() or reset().
    bool isNull(int column) const;
    std::int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string_view columnText(int column) const;
    std::span<const std::byte> columnBlob(int column) const;
    int columnCount() const;
    // The number of the statement's largest parameter (?N): how many it takes.
    int parameterCount() const;

private:
    Statement(Database &db, sqlite3_stmt *statement);
    int parameterIndex(std::string_view name);
    Statement &checkBind(int code, int index);

    Database *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    std::optional<engine::Error> m_bindError;
};

// BEGIN IMMEDIATE … COMMIT: takes the write lock up front (no deadlock between two readers
// upgrading), and rolls back in the destructor unless commit() succeeded.
class Transaction
{
public:
    static engine::Result<Transaction> begin(Database &db);
    // BEGIN (deferred) for reading only: the statements until commit() or the destructor read
    // one snapshot of the file (WAL mode), whatever other connections commit meanwhile.
    static engine::Result<Transaction> beginRead(Database &db);

    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    [[nodiscard]] Status commit();
    void rollback();

private:
    explicit Transaction(Database &db);
    Database *m_db = nullptr;
};

} // namespace llmcl::tracer
