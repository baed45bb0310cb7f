#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace maas::region::http {

class Site;
class Metrics;

/// Poco HTTP server on address:port with SO_REUSEPORT so every worker binds the same port and
/// the kernel spreads connections. Bodies over max_body_bytes get 413 before being read.
/// A keep-alive connection holds a thread while it lasts, so max_threads bounds the clients
/// served at once; the rest wait in the accept queue. stop() returns only once every handler
/// thread has finished, so nothing a handler uses may be destroyed under it.
class Server {
  public:
    struct Options {
        std::string address = "0.0.0.0";
        int port = 5240;
        size_t max_body_bytes = 4 * 1024 * 1024;
        int max_threads = 64;
    };

    Server(Site& site, Metrics& metrics, Options options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();
    void stop();
    /// The bound port (useful with port 0 in tests).
    int port() const { return bound_port_; }

  private:
    std::unique_ptr<Poco::ThreadPool> threads_;  ///< outlives server_, which runs on it
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    int bound_port_ = 0;
};

}  // namespace maas::region::http
