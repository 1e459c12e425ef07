// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/sqlite.h"

#include <cerrno>
#include <chrono>
#include <sqlite3.h>
#include <thread>
#include <utility>

static_assert(SQLITE_VERSION_NUMBER >= llmcl::tracer::kMinimumSqliteVersion,
    "the workspace database needs SQLite 3.44 or newer (see kMinimumSqliteVersion)");

namespace llmcl::tracer {

namespace {

// "3.44.0" for 3044000.
std::string versionText(int versionNumber)
{
    return std::to_string(versionNumber / 1000000) + '.'
        + std::to_string(versionNumber / 1000 % 1000) + '.' + std::to_string(versionNumber % 1000);
}

// What a caller may decide on (engine::Error::Kind) from SQLite's extended result code and,
// for an I/O error, the errno of the system call that failed (0 when unknown).
engine::Error::Kind kindOf(int code, int systemErrno)
{
    using Kind = engine::Error::Kind;
    switch (code & 0xff) {
    case SQLITE_BUSY: // another connection's lock, after the busy timeout
    case SQLITE_LOCKED: // a lock of a connection sharing this one's cache
        return Kind::Busy;
    case SQLITE_FULL: // ENOSPC, or a short write
        return Kind::Full;
    case SQLITE_READONLY:
        return Kind::ReadOnly;
    case SQLITE_IOERR:
        // A write that starts at a file-size limit (EFBIG) or finds the quota used up (EDQUOT) is
        // an I/O error to SQLite; only ENOSPC and short writes become SQLITE_FULL.
        if (systemErrno == ENOSPC || systemErrno == EFBIG
#if defined(EDQUOT)
            || systemErrno == EDQUOT
#endif
        )
            return Kind::Full;
        return Kind::Other;
    default:
        return Kind::Other;
    }
}

engine::Error failure(const std::string &path, std::string_view what, std::string_view message,
    int code, int systemErrno)
{
    std::string text = path;
    text += ": ";
    text += what;
    text += ": ";
    text += message;
    text += " (SQLite code ";
    text += std::to_string(code);
    text += ')';
    if ((code & 0xff) == SQLITE_CORRUPT)
        text += ": the file is damaged";
    return engine::Error {std::move(text), kindOf(code, systemErrno)};
}

// SQLite's advice for untrusted database files and the DatabaseLimits, set before anything reads
// the file (Database::open() says what and why).
Status harden(sqlite3 *db, const std::string &path)
{
    struct Setting
    {
        int option;
        int value;
        const char *name;
    };
    const Setting settings[] = {
        {SQLITE_DBCONFIG_DEFENSIVE, 1, "defensive mode"},
        {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, "trusted_schema off"},
        {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, "extension loading off"},
        {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, "triggers off"},
    };
    for (const Setting &setting : settings) {
        int now = -1;
        if (sqlite3_db_config(db, setting.option, setting.value, &now) != SQLITE_OK
            || now != setting.value)
            return engine::Error {
                path + ": cannot open the database: SQLite refused " + setting.name};
    }
    const std::pair<int, int> limits[] = {
        {SQLITE_LIMIT_LENGTH, DatabaseLimits::length},
        {SQLITE_LIMIT_SQL_LENGTH, DatabaseLimits::sqlLength},
        {SQLITE_LIMIT_COLUMN, DatabaseLimits::columns},
        {SQLITE_LIMIT_EXPR_DEPTH, DatabaseLimits::expressionDepth},
        {SQLITE_LIMIT_COMPOUND_SELECT, DatabaseLimits::compoundSelect},
        {SQLITE_LIMIT_VDBE_OP, DatabaseLimits::vdbeOps},
        {SQLITE_LIMIT_FUNCTION_ARG, DatabaseLimits::functionArguments},
        {SQLITE_LIMIT_LIKE_PATTERN_LENGTH, DatabaseLimits::likePatternLength},
        {SQLITE_LIMIT_VARIABLE_NUMBER, DatabaseLimits::variableNumber},
        {SQLITE_LIMIT_TRIGGER_DEPTH, DatabaseLimits::triggerDepth},
    };
    for (const auto &[limit, value] : limits)
        sqlite3_limit(db, limit, value);
    return std::nullopt;
}

} // namespace

Status checkSqliteVersion(const std::string &path, int versionNumber)
{
    if (versionNumber >= kMinimumSqliteVersion)
        return std::nullopt;
    return engine::Error {path + ": cannot open the database: the SQLite library is version "
        + versionText(versionNumber) + ", and the workspace database needs "
        + versionText(kMinimumSqliteVersion) + " or newer (install a newer libsqlite3)"};
}

// Database ------------------------------------------------------------------------------------

Database::Database(sqlite3 *db, std::string path, bool readOnly)
    : m_db(db)
    , m_path(std::move(path))
    , m_readOnly(readOnly)
{ }

Database::Database(Database &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
    , m_readOnly(other.m_readOnly)
{ }

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        if (m_db)
            sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_readOnly = other.m_readOnly;
    }
    return *this;
}

Database::~Database()
{
    // close_v2: statements still alive (a bug) keep the connection until they are finalized
    // instead of leaking it.
    if (m_db)
        sqlite3_close_v2(m_db);
}

engine::Result<Database> Database::open(const std::string &path, const Options &options)
{
    if (auto error = checkSqliteVersion(path, sqlite3_libversion_number()))
        return *error;
    int flags = SQLITE_OPEN_NOMUTEX; // one owner, one thread at a time
    switch (options.mode) {
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    }
    sqlite3 *raw = nullptr;
    const int code = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    if (code != SQLITE_OK) {
        const std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(code);
        const int extended = raw ? sqlite3_extended_errcode(raw) : code;
        const int systemErrno = raw ? sqlite3_system_errno(raw) : 0;
        sqlite3_close_v2(raw);
        return failure(path, "cannot open the database", message, extended, systemErrno);
    }
    sqlite3_extended_result_codes(raw, 1);
    const bool readOnly = sqlite3_db_readonly(raw, "main") == 1;
    Database db(raw, path, readOnly);
    if (auto error = harden(raw, path))
        return *error;
    // No statement has read the file yet. cell_size_check: a damaged or crafted page is
    // reported when it is read, not trusted; mmap_size=0: no memory-mapped I/O, so that a file
    // changed under us cannot fault the process.
    if (auto error = db.exec("PRAGMA cell_size_check=ON; PRAGMA mmap_size=0"))
        return *error;
    if (readOnly && options.mode != Mode::ReadOnly)
        return engine::Error {path
                + ": cannot open the database for writing: the file is read-only (check its "
                  "permissions and those of its folder)",
            engine::Error::Kind::ReadOnly};
    db.setBusyTimeout(options.busyTimeout);

    if (auto error = db.exec("PRAGMA foreign_keys=ON"))
        return *error;
    if (!readOnly && path != ":memory:") {
        // Before WAL mode: it takes effect only while the file has no pages yet.
        if (options.pageSize > 0) {
            if (auto error = db.exec("PRAGMA page_size=" + std::to_string(options.pageSize)))
                return *error;
        }
        // Connections switching a new file at once: SQLite answers all but one "locked" at
        // once instead of waiting (each holds the lock the other waits for), so they try again
        // until the busy timeout; the one that switched it leaves it in WAL mode for the rest.
        const auto deadline = std::chrono::steady_clock::now() + options.busyTimeout;
        auto mode = db.queryText("PRAGMA journal_mode=WAL");
        while (!mode && mode.error().kind == engine::Error::Kind::Busy
            && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            mode = db.queryText("PRAGMA journal_mode=WAL");
        }
        if (!mode)
            return mode.error();
        if (mode.value() != "wal")
            return engine::Error {path + ": cannot switch the database to WAL mode (it stays in "
                + mode.value() + " mode)"};
        if (auto error = db.exec("PRAGMA synchronous=NORMAL"))
            return *error;
    }
    // After the page size is known: SQLite turns KiB into a number of pages of the size the
    // database has when the pragma runs (before that, the 4 KiB default).
    if (options.cacheKiB > 0) {
        if (auto error = db.exec("PRAGMA cache_size=-" + std::to_string(options.cacheKiB)))
            return *error;
    }
    return db;
}

Status Database::exec(std::string_view sql)
{
    const std::string text(sql);
    char *message = nullptr;
    const int code = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
    if (code == SQLITE_OK)
        return std::nullopt;
    std::string what = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    std::string head = "cannot run \"";
    head += sql.substr(0, 60);
    if (sql.size() > 60)
        head += "…";
    head += '"';
    return failure(m_path, head, what, sqlite3_extended_errcode(m_db), sqlite3_system_errno(m_db));
}

engine::Result<std::string> Database::queryText(std::string_view sql)
{
    auto statement = Statement::prepare(*this, sql);
    if (!statement)
        return statement.error();
    auto row = statement.value().step();
    if (!row)
        return row.error();
    return row.value() ? std::string(statement.value().columnText(0)) : std::string();
}

engine::Result<std::int64_t> Database::queryInt(std::string_view sql)
{
    auto statement = Statement::prepare(*this, sql);
    if (!statement)
        return statement.error();
    auto row = statement.value().step();
    if (!row)
        return row.error();
    return row.value() ? statement.value().columnInt(0) : std::int64_t(0);
}

engine::Error Database::error(std::string_view what) const
{
    return error(what, m_db ? sqlite3_extended_errcode(m_db) : SQLITE_MISUSE);
}

engine::Error Database::error(std::string_view what, int code) const
{
    // sqlite3_errmsg describes the last failing call of this connection; when `code` came from
    // somewhere else (a reset reporting an earlier step) prefer the code's own text.
    const bool current = m_db && sqlite3_extended_errcode(m_db) == code;
    return failure(m_path, what, current ? sqlite3_errmsg(m_db) : sqlite3_errstr(code), code,
        current ? sqlite3_system_errno(m_db) : 0);
}

std::string Database::fileName() const
{
    const char *name = m_db ? sqlite3_db_filename(m_db, "main") : nullptr;
    return name ? std::string(name) : std::string();
}

void Database::setBusyTimeout(std::chrono::milliseconds timeout)
{
    sqlite3_busy_timeout(m_db, static_cast<int>(timeout.count()));
}

std::int64_t Database::lastInsertRowId() const noexcept
{
    return sqlite3_last_insert_rowid(m_db);
}

std::int64_t Database::changes() const noexcept
{
    return sqlite3_changes64(m_db);
}

// Statement -----------------------------------------------------------------------------------

Statement::Statement(Database &db, sqlite3_stmt *statement)
    : m_db(&db)
    , m_statement(statement)
{ }

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db)
    , m_statement(std::exchange(other.m_statement, nullptr))
    , m_bindError(std::move(other.m_bindError))
{ }

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_db = other.m_db;
        m_statement = std::exchange(other.m_statement, nullptr);
        m_bindError = std::move(other.m_bindError);
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_statement);
}

engine::Result<Statement> Statement::prepare(Database &db, std::string_view sql)
{
    sqlite3_stmt *raw = nullptr;
    const int code = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
        SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (code != SQLITE_OK) {
        std::string what = "cannot prepare \"";
        what += sql.substr(0, 60);
        if (sql.size() > 60)
            what += "…";
        what += '"';
        return db.error(what);
    }
    return Statement(db, raw);
}

Statement &Statement::checkBind(int code, int index)
{
    if (code != SQLITE_OK && !m_bindError)
        m_bindError = m_db->error("cannot bind parameter " + std::to_string(index), code);
    return *this;
}

int Statement::parameterIndex(std::string_view name)
{
    const std::string text(name);
    const int index = sqlite3_bind_parameter_index(m_statement, text.c_str());
    if (index == 0 && !m_bindError)
        m_bindError = engine::Error {m_db->path() + ": no parameter named " + text};
    return index;
}

Statement &Statement::bind(int index, std::int64_t value)
{
    return checkBind(sqlite3_bind_int64(m_statement, index, value), index);
}

Statement &Statement::bind(int index, double value)
{
    return checkBind(sqlite3_bind_double(m_statement, index, value), index);
}

Statement &Statement::bind(int index, std::string_view text)
{
    return checkBind(sqlite3_bind_text64(m_statement, index, text.data(), text.size(),
                         SQLITE_TRANSIENT, SQLITE_UTF8),
        index);
}

Statement &Statement::bind(int index, InPlace text)
{
    return checkBind(sqlite3_bind_text64(m_statement, index, text.text.data(), text.text.size(),
                         SQLITE_STATIC, SQLITE_UTF8),
        index);
}

Statement &Statement::bind(int index, std::span<const std::byte> blob)
{
    return checkBind(
        sqlite3_bind_blob64(m_statement, index, blob.data(), blob.size(), SQLITE_TRANSIENT), index);
}

Statement &Statement::bind(int index, std::nullptr_t)
{
    return checkBind(sqlite3_bind_null(m_statement, index), index);
}

engine::Result<bool> Statement::step()
{
    if (m_bindError) {
        engine::Error error = std::move(*m_bindError);
        m_bindError.reset();
        return error;
    }
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW)
        return true;
    if (code == SQLITE_DONE)
        return false;
    std::string what = "cannot run \"";
    const char *sql = sqlite3_sql(m_statement);
    const std::string_view text = sql ? sql : "";
    what += text.substr(0, 60);
    if (text.size() > 60)
        what += "…";
    what += '"';
    engine::Error error = m_db->error(what, code);
    sqlite3_reset(m_statement);
    return error;
}

Status Statement::run()
{
    for (;;) {
        auto row = step();
        if (!row) {
            reset();
            return row.error();
        }
        if (!row.value())
            break;
    }
    reset();
    return std::nullopt;
}

void Statement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_bindError.reset();
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

std::int64_t Statement::columnInt(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

double Statement::columnDouble(int column) const
{
    return sqlite3_column_double(m_statement, column);
}

std::string_view Statement::columnText(int column) const
{
    const auto *text = sqlite3_column_text(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    return text ? std::string_view(reinterpret_cast<const char *>(text), std::size_t(size))
                : std::string_view();
}

std::span<const std::byte> Statement::columnBlob(int column) const
{
    const void *data = sqlite3_column_blob(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    return data
        ? std::span<const std::byte>(static_cast<const std::byte *>(data), std::size_t(size))
        : std::span<const std::byte>();
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_statement);
}

int Statement::parameterCount() const
{
    return sqlite3_bind_parameter_count(m_statement);
}

// Transaction ---------------------------------------------------------------------------------

Transaction::Transaction(Database &db)
    : m_db(&db)
{ }

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{ }

Transaction::~Transaction()
{
    rollback();
}

engine::Result<Transaction> Transaction::begin(Database &db)
{
    if (sqlite3_exec(db.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return db.error("cannot begin a transaction");
    return Transaction(db);
}

engine::Result<Transaction> Transaction::beginRead(Database &db)
{
    if (sqlite3_exec(db.handle(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
        return db.error("cannot begin a transaction");
    return Transaction(db);
}

Status Transaction::commit()
{
    if (!m_db)
        return engine::Error {"commit of a transaction that already ended"};
    if (sqlite3_exec(m_db->handle(), "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        engine::Error error = m_db->error("cannot commit a transaction");
        rollback();
        return error;
    }
    m_db = nullptr;
    return std::nullopt;
}

void Transaction::rollback()
{
    if (!m_db)
        return;
    // After some errors (SQLITE_FULL, IOERR) SQLite has rolled back already.
    if (!sqlite3_get_autocommit(m_db->handle()))
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    m_db = nullptr;
}

} // namespace llmcl::tracer
