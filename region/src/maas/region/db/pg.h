#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace maas::region::db {

/// A PostgreSQL error with its SQLSTATE (empty when the connection itself failed).
class PgError : public std::runtime_error {
  public:
    PgError(const std::string& message, std::string sqlstate)
        : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
    const std::string& sqlstate() const { return sqlstate_; }
    bool isUniqueViolation() const { return sqlstate_ == "23505"; }
    bool isForeignKeyViolation() const { return sqlstate_ == "23503"; }
    /// The connection is gone (class 08 or 57P0x): the pool must discard it.
    bool isConnectionLost() const;

  private:
    std::string sqlstate_;
};

/// Text-format parameter list; nullopt is SQL NULL.
using Params = std::vector<std::optional<std::string>>;

/// A named statement in a component's statement table, prepared on first use per connection.
struct Statement {
    const char* name;
    const char* sql;
};

/// Owns a PGresult.
class Result {
  public:
    explicit Result(PGresult* res) : res_(res, &PQclear) {}

    int rows() const { return PQntuples(res_.get()); }
    int columns() const { return PQnfields(res_.get()); }
    bool isNull(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }
    std::string_view view(int row, int col) const;
    std::string text(int row, int col) const { return std::string(view(row, col)); }
    std::optional<std::string> optText(int row, int col) const;
    int64_t integer(int row, int col) const;
    std::optional<int64_t> optInteger(int row, int col) const;
    bool boolean(int row, int col) const { return view(row, col) == "t"; }
    /// Rows changed by INSERT/UPDATE/DELETE.
    int64_t affected() const;

  private:
    std::unique_ptr<PGresult, decltype(&PQclear)> res_;
};

/// Owns one PGconn. Not thread-safe: one user at a time (the pool guarantees it).
class Connection {
  public:
    /// Connects with keyword/value pairs (no conninfo string quoting). Throws PgError.
    static std::unique_ptr<Connection> open(const std::map<std::string, std::string>& params);

    Result exec(const std::string& sql);
    Result exec(const std::string& sql, const Params& params);
    Result exec(const Statement& statement, const Params& params);

    bool healthy() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
    /// Marks the connection unusable (after a connection-level error) so the pool drops it.
    void markBroken() { broken_ = true; }
    bool broken() const { return broken_ || !healthy(); }
    PGconn* raw() const { return conn_.get(); }

  private:
    explicit Connection(PGconn* conn) : conn_(conn, &PQfinish) {}
    Result check(PGresult* res);

    std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
    std::set<std::string> prepared_;
    bool broken_ = false;
};

/// BEGIN on construction, ROLLBACK on destruction unless commit() ran.
class Transaction {
  public:
    explicit Transaction(Connection& conn);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    Connection& connection() { return conn_; }

  private:
    Connection& conn_;
    bool done_ = false;
};

}  // namespace maas::region::db
