#include "maas/region/http/server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <chrono>
#include <istream>

#include "maas/region/http/metrics.h"
#include "maas/region/http/site.h"

namespace maas::region::http {

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
  public:
    Handler(Site& site, Metrics& metrics, size_t max_body)
        : site_(site), metrics_(metrics), max_body_(max_body) {}

    void handleRequest(Poco::Net::HTTPServerRequest& in,
                       Poco::Net::HTTPServerResponse& out) override {
        const auto started = std::chrono::steady_clock::now();
        Response response;
        try {
            response = serve(in);
        } catch (const std::exception& e) {
            response = Response::text(500, std::string("Internal error: ") + e.what());
        }
        out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
        out.setContentType(response.content_type);
        for (const auto& [k, v] : response.headers)
            out.set(k, v);
        if (response.status == 204 || in.getMethod() == "HEAD") {
            out.setContentLength(0);
            out.send();
        } else {
            out.setContentLength(static_cast<std::streamsize>(response.body.size()));
            out.send() << response.body;
        }
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
        metrics_.observe(response.metric_label, response.status, elapsed.count());
    }

  private:
    Response serve(Poco::Net::HTTPServerRequest& in) {
        Request request;
        request.method = in.getMethod();
        Poco::URI uri;
        try {
            uri = Poco::URI(in.getURI());
        } catch (const Poco::Exception&) {
            return Response::text(400, "Malformed request URI");
        }
        request.path = uri.getPath();
        request.query = uri.getRawQuery();
        request.content_type = in.getContentType();
        request.authorization = in.get("Authorization", "");
        request.cookie = in.get("Cookie", "");
        request.csrf_token = in.get("X-CSRFToken", "");
        request.host = in.getHost();
        request.local_address = in.serverAddress().host().toString();
        if (in.hasContentLength() && in.getContentLength64() > static_cast<int64_t>(max_body_))
            return tooLarge();
        std::string body;
        char buf[8192];
        auto& stream = in.stream();
        while (stream.read(buf, sizeof buf) || stream.gcount() > 0) {
            body.append(buf, static_cast<size_t>(stream.gcount()));
            if (body.size() > max_body_)
                return tooLarge();
        }
        request.body = std::move(body);
        return site_.handle(request);
    }

    Response tooLarge() const {
        auto r = Response::text(
            413, "Request body larger than " + std::to_string(max_body_) + " bytes refused.");
        r.metric_label = "toolarge";
        return r;
    }

    Site& site_;
    Metrics& metrics_;
    size_t max_body_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    Factory(Site& site, Metrics& metrics, size_t max_body)
        : site_(site), metrics_(metrics), max_body_(max_body) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new Handler(site_, metrics_, max_body_);
    }

  private:
    Site& site_;
    Metrics& metrics_;
    size_t max_body_;
};

}  // namespace

Server::Server(Site& site, Metrics& metrics, Options options) {
    Poco::Net::ServerSocket socket;
    const Poco::Net::SocketAddress address(options.address, static_cast<uint16_t>(options.port));
    socket.bind(address, /*reuseAddress=*/true, /*reusePort=*/true);
    socket.listen(256);
    bound_port_ = socket.address().port();
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.max_threads);
    params->setMaxQueued(512);
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(30, 0));
    // Idle keep-alive connections and very long ones give their thread back, so clients
    // waiting in the queue get a turn (a thread serves one connection at a time).
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setMaxKeepAliveRequests(200);
    // Our own pool (Poco's default one holds 16 threads and is shared process-wide) so that
    // stop() can wait for the handler threads.
    threads_ = std::make_unique<Poco::ThreadPool>(2, options.max_threads);
    server_ = std::make_unique<Poco::Net::HTTPServer>(
        new Factory(site, metrics, options.max_body_bytes), *threads_, socket, params);
}

Server::~Server() {
    stop();
}

void Server::start() {
    server_->start();
}

void Server::stop() {
    if (server_) {
        // stopAll() closes the connections but does not wait for handlers still running;
        // joinAll() does, before the caller destroys the site and database pool they use.
        server_->stopAll(true);
        threads_->joinAll();
    }
}

}  // namespace maas::region::http
