#include "maas/region/db/pool.h"

namespace maas::region::db {

PooledConnection::~PooledConnection() {
    if (pool_ && conn_)
        pool_->release(std::move(conn_));
}

Pool::Pool(Factory factory, size_t max_size, std::chrono::milliseconds acquire_timeout)
    : factory_(std::move(factory)), max_size_(max_size), acquire_timeout_(acquire_timeout) {}

PooledConnection Pool::acquireWithin(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const auto ready = [this] { return !idle_.empty() || open_ < max_size_; };
    if (!available_.wait_for(lock, timeout, ready))
        throw PoolTimeout("no database connection became free within " +
                          std::to_string(timeout.count()) + " ms");
    if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        return PooledConnection(*this, std::move(conn));
    }
    // Reserve the slot, then connect without holding the lock.
    ++open_;
    ++in_use_;
    lock.unlock();
    try {
        return PooledConnection(*this, factory_());
    } catch (...) {
        lock.lock();
        --open_;
        --in_use_;
        available_.notify_one();
        throw;
    }
}

void Pool::release(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mutex_);
    --in_use_;
    if (conn->broken() || PQtransactionStatus(conn->raw()) != PQTRANS_IDLE) {
        --open_;  // closed when conn goes out of scope
    } else {
        idle_.push_back(std::move(conn));
    }
    available_.notify_one();
}

void Pool::discardIdle() {
    std::vector<std::unique_ptr<Connection>> closing;
    {
        std::lock_guard lock(mutex_);
        closing.swap(idle_);
        open_ -= closing.size();
        available_.notify_all();
    }
    // closed here, outside the lock
}

size_t Pool::inUse() const {
    std::lock_guard lock(mutex_);
    return in_use_;
}

size_t Pool::held() const {
    std::lock_guard lock(mutex_);
    return open_;
}

}  // namespace maas::region::db
