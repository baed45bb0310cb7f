#pragma once

#include <sys/uio.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "maas/common/epoll_set.h"
#include "maas/common/log.h"
#include "maas/common/tls_psk.h"
#include "maas/common/unique_fd.h"
#include "maas/region/http/message.h"

namespace maas::region::http {

class Site;
class Metrics;

inline constexpr MessageId kHttpHandlerFailed{
    "HTTP_HANDLER_FAILED", Severity::Error,
    "A request failed unexpectedly; the client got 500 with the reference (ref=) that names "
    "this line."};
inline constexpr MessageId kHttpPeerLimit{
    "HTTP_PEER_LIMIT", Severity::Warn,
    "A connection was refused: too many open from its address, or in total."};
inline constexpr MessageId kHttpAcceptPaused{
    "HTTP_ACCEPT_PAUSED", Severity::Warn,
    "The worker ran out of file descriptors; accepting pauses briefly instead of spinning."};

/// The listener could not bind or listen; error() is the errno (EADDRINUSE: another program
/// holds the port).
class ListenError : public std::runtime_error {
  public:
    ListenError(const std::string& what, int error) : std::runtime_error(what), error_(error) {}
    int error() const { return error_; }

  private:
    int error_;
};

/// HTTP/1.1 server on address:port with SO_REUSEPORT, so every worker binds the same port
/// and the kernel spreads connections. One event thread reads requests (RequestParser) and
/// writes responses on non-blocking sockets; only whole requests reach the request threads, so
/// idle, slow or half-sent connections hold no thread, just a bounded buffer and a deadline.
/// /MAAS/healthz is answered on the event thread and /MAAS/readyz on a thread of its own, so
/// both answer while every request thread waits for the database. While accepting fails for
/// lack of file descriptors, readyz (on a connection that got in before) answers 503 at once:
/// the worker is alive but cannot take the connections a balancer would send it. stop() returns
/// only once every request thread has finished, so nothing a handler uses is destroyed under it.
class Server {
  public:
    struct Options {
        std::string address = "0.0.0.0";
        int port = 5240;
        size_t max_body_bytes = 4 * 1024 * 1024;
        int max_threads = 64;  ///< request threads
        size_t max_connections = 8192;
        size_t max_connections_per_source = 512;
        std::chrono::milliseconds head_timeout{10000};   ///< first byte to the end of headers
        std::chrono::milliseconds body_timeout{30000};   ///< end of headers to end of body
        std::chrono::milliseconds idle_timeout{5000};    ///< keep-alive wait for a request
        std::chrono::milliseconds write_timeout{30000};  ///< to send one response
        std::chrono::milliseconds accept_backoff{250};   ///< after EMFILE/ENFILE
        /// Set: every connection speaks TLS first (the handshake counts against head_timeout,
        /// so a stalled handshake costs what a stalled request head does) and requests are
        /// marked secure.
        std::shared_ptr<const tls::Context> tls;
    };

    Server(Site& site, Metrics& metrics, Options options, const Logger& log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();
    void stop();
    /// The bound port (useful with port 0 in tests).
    int port() const { return bound_port_; }

  private:
    struct Connection;
    struct Job {
        uint64_t connection_id;
        Request request;
        bool keep_alive;
        bool head_only;
        int minor_version;
    };
    struct Done {
        uint64_t connection_id;
        std::string head;
        std::shared_ptr<const std::string> body;  ///< sent after head with writev, not copied
        bool close;
    };

    void run();
    void acceptAll();
    void onReadable(Connection& c);
    /// Bytes from the client: > 0 read, 0 nothing yet (interest set), < 0 the link is over.
    ssize_t receive(Connection& c, char* buffer, size_t size);
    /// Bytes to the client: > 0 sent, 0 would block (interest set), < 0 the link is over.
    ssize_t transmit(Connection& c, const char* data, size_t size);
    /// What is left of the head and the body, in one sendmsg on a plain link (gathered, so
    /// the body is never copied behind the head); one TLS write at a time otherwise.
    ssize_t transmitPending(Connection& c);
    /// One sendmsg of parts (plain links), retried on EINTR; 0 and EPOLLOUT when it would block.
    ssize_t sendParts(Connection& c, iovec* parts, size_t count);
    void consume(Connection& c);
    void onWritable(Connection& c);
    void setInterest(Connection& c, uint32_t events);
    void closeConnection(uint64_t id);
    void checkTimers();
    void drainDone();
    void dispatch(Connection& c);
    void answerNow(Connection& c, const Response& response, bool close);
    void serveJobs(std::deque<Job>& queue);
    Response serve(const Request& request);

    Site& site_;
    Metrics& metrics_;
    Options options_;
    const Logger& log_;
    UniqueFd listen_fd_;
    EpollSet events_;
    int bound_port_ = 0;
    std::atomic<bool> running_{false};
    std::thread loop_;
    std::vector<std::thread> threads_;
    std::map<uint64_t, std::unique_ptr<Connection>> connections_;  ///< event thread only
    std::map<std::string, size_t> per_source_;
    uint64_t next_id_ = 1;
    std::chrono::steady_clock::time_point accept_paused_until_{};
    bool accept_paused_ = false;
    /// Last accept that failed for lack of file descriptors (event thread only): until it is
    /// two back-offs old, readyz says the worker cannot take new connections.
    std::chrono::steady_clock::time_point out_of_files_at_{};

    std::mutex mutex_;
    std::condition_variable work_;
    bool stopping_ = false;
    std::deque<Job> jobs_;
    std::deque<Job> health_jobs_;  ///< readyz: its own thread, never behind the requests
    std::vector<Done> done_;
};

}  // namespace maas::region::http
