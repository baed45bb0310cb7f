#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "maas/region/db/pg.h"
#include "maas/region/db/retry_policy.h"

namespace maas::region::db {

/// Thrown when no connection frees up within the acquire timeout.
class PoolTimeout : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Pool;

/// A connection borrowed from the pool; returned (or dropped if broken) on destruction.
class PooledConnection {
  public:
    PooledConnection(Pool& pool, std::unique_ptr<Connection> conn)
        : pool_(&pool), conn_(std::move(conn)) {}
    PooledConnection(PooledConnection&& other) noexcept = default;
    PooledConnection& operator=(PooledConnection&&) = delete;
    ~PooledConnection();

    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

  private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
};

/// A bounded set of connections opened lazily; callers wait up to a timeout for a free one.
class Pool {
  public:
    using Factory = std::function<std::unique_ptr<Connection>()>;

    Pool(Factory factory, size_t max_size, std::chrono::milliseconds acquire_timeout);

    /// Throws PoolTimeout when every connection stays busy, PgError when connecting fails.
    PooledConnection acquire() { return acquireWithin(acquire_timeout_); }
    /// The same with a wait of its own (a health check must answer sooner than a request).
    PooledConnection acquireWithin(std::chrono::milliseconds timeout);

    /// Closes every idle connection: after one was found dead (the primary went away) the
    /// others are too, and the next acquire should connect afresh (to the new primary).
    void discardIdle();

    size_t inUse() const;
    /// Connections currently open (idle + in use).
    size_t held() const;
    size_t maxSize() const { return max_size_; }

  private:
    friend class PooledConnection;
    void release(std::unique_ptr<Connection> conn);

    Factory factory_;
    const size_t max_size_;
    const std::chrono::milliseconds acquire_timeout_;
    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
    size_t open_ = 0;
    size_t in_use_ = 0;
};

/// Runs fn(Connection&) inside a transaction, committing when it returns normally.
template <typename Fn>
auto inTransaction(Pool& pool, Fn&& fn) {
    auto lease = pool.acquire();
    Transaction tx(*lease);
    if constexpr (std::is_void_v<decltype(fn(*lease))>) {
        fn(*lease);
        tx.commit();
    } else {
        auto result = fn(*lease);
        tx.commit();
        return result;
    }
}

/// inTransaction that survives a lost connection (the primary went away, or the server ended
/// the session): drops the pool's idle connections and runs fn again on a fresh one as
/// `policy` allows for `method` (reads always; writes only when COMMIT was never sent).
template <typename Fn>
auto inTransactionRetrying(Pool& pool, const RetryPolicy& policy, std::string_view method,
                           Fn&& fn) {
    for (int attempt = 1;; ++attempt) {
        bool commit_sent = false;
        try {
            auto lease = pool.acquire();
            Transaction tx(*lease);
            if constexpr (std::is_void_v<decltype(fn(*lease))>) {
                fn(*lease);
                commit_sent = true;
                tx.commit();
                return;
            } else {
                auto result = fn(*lease);
                commit_sent = true;
                tx.commit();
                return result;
            }
        } catch (const PgError& e) {
            if (!e.isConnectionLost())
                throw;
            pool.discardIdle();
            const auto wait = policy.retryAfter(attempt + 1, method, commit_sent);
            if (!wait)
                throw;
            std::this_thread::sleep_for(*wait);
        }
    }
}

}  // namespace maas::region::db
