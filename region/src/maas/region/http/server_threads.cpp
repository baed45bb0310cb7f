// Server: the request threads, and what goes back to the event thread.
#include <sys/epoll.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cstdio>
#include <random>

#include "maas/region/http/metrics.h"
#include "maas/region/http/negotiation.h"
#include "maas/region/http/request_parser.h"
#include "maas/region/http/server.h"
#include "maas/region/http/site.h"
#include "server_connection.h"

namespace maas::region::http {

namespace {

/// A short random reference that ties a 500 to its log line.
std::string newReference() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
    return text;
}

}  // namespace

void Server::dispatch(Connection& c) {
    const auto& head = c.parser.head();
    Job job{c.id, {}, c.parser.keepAlive(), head.method == "HEAD", head.minor_version};
    job.request.method = head.method;
    try {
        const Poco::URI uri(head.target);
        job.request.path = uri.getPath();
        job.request.query = uri.getRawQuery();
    } catch (const Poco::Exception&) {
        answerNow(c, Response::text(400, "Malformed request URI"), true);
        return;
    }
    job.request.content_type = head.get("content-type");
    job.request.authorization = head.get("authorization");
    job.request.cookie = head.get("cookie");
    job.request.csrf_token = head.get("x-csrftoken");
    job.request.host = head.get("host");
    job.request.if_none_match = head.get("if-none-match");
    job.request.accept_encoding = head.get("accept-encoding");
    job.request.local_address = c.local;
    job.request.peer_address = c.peer;
    job.request.secure = c.tls != nullptr;
    job.request.body = c.parser.takeBody();
    c.phase = Connection::Phase::Busy;
    setInterest(c, 0);  // nothing more is read until this request is answered
    if (job.request.path == "/MAAS/healthz") {
        // Liveness needs no thread and no database: answered here, always at once.
        const auto response = serve(job.request);
        c.phase = Connection::Phase::Reading;
        answerNow(c, response, !job.keep_alive);
        return;
    }
    const bool health = job.request.path == "/MAAS/readyz";
    if (health &&
        std::chrono::steady_clock::now() - out_of_files_at_ < 2 * options_.accept_backoff) {
        c.phase = Connection::Phase::Reading;
        answerNow(c,
                  Response::text(503, "not ready: out of file descriptors, new connections wait\n"),
                  !job.keep_alive);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        (health ? health_jobs_ : jobs_).push_back(std::move(job));
    }
    work_.notify_all();
}

void Server::serveJobs(std::deque<Job>& queue) {
    while (true) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            work_.wait(lock, [&] { return stopping_ || !queue.empty(); });
            if (stopping_)
                return;
            job = std::move(queue.front());
            queue.pop_front();
        }
        const auto started = std::chrono::steady_clock::now();
        auto response = serve(job.request);
        negotiate(response, job.request.method, job.request.if_none_match,
                  job.request.accept_encoding);
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
        metrics_.observe(response.metric_label, response.status, elapsed.count());
        auto head = serializeHead(response, job.head_only, !job.keep_alive, job.minor_version);
        std::shared_ptr<const std::string> body;
        if (sendsBody(response, job.head_only) && !response.bodyView().empty())
            body = response.shared_body
                       ? response.shared_body
                       : std::make_shared<const std::string>(std::move(response.body));
        {
            std::lock_guard lock(mutex_);
            done_.push_back({job.connection_id, std::move(head), std::move(body), !job.keep_alive});
        }
        events_.wake();
    }
}

Response Server::serve(const Request& request) {
    try {
        return site_.handle(request);
    } catch (const std::exception& e) {
        const auto ref = newReference();
        log_.log(kHttpHandlerFailed, request.method + " " + request.path + ": " + e.what(),
                 {{"ref", ref}});
        return Response::text(
            500, "Internal error; the region's log has the details (ref=" + ref + ").\n");
    } catch (...) {
        const auto ref = newReference();
        log_.log(kHttpHandlerFailed, request.method + " " + request.path + ": unknown error",
                 {{"ref", ref}});
        return Response::text(500, "Internal error (ref=" + ref + ").\n");
    }
}

void Server::drainDone() {
    std::vector<Done> done;
    {
        std::lock_guard lock(mutex_);
        done.swap(done_);
    }
    for (auto& d : done) {
        auto it = connections_.find(d.connection_id);
        if (it == connections_.end())
            continue;  // the client went away meanwhile
        auto& c = *it->second;
        c.phase = Connection::Phase::Writing;
        c.close_after_write = d.close;
        // Only an unsent interim 100 Continue can be ahead of the head.
        if (c.out.empty())
            c.out = std::move(d.head);
        else
            c.out += d.head;
        c.out_body = std::move(d.body);
        c.body_offset = 0;
        c.deadline = std::chrono::steady_clock::now() + options_.write_timeout;
        onWritable(c);
    }
}

}  // namespace maas::region::http
