#include "maas/region/worker/tls_listener.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>

namespace maas::region::worker {

TlsStep tlsStep(TlsState state, const std::optional<std::string>& stored,
                const std::string& current) {
    if (!stored)
        return state == TlsState::Serving ? TlsStep::Stop
               : state == TlsState::Off   ? TlsStep::Keep
                                          : TlsStep::Clear;
    if (state == TlsState::Retrying)
        return TlsStep::Start;
    if (state != TlsState::Off && *stored == current)
        return TlsStep::Keep;
    return state == TlsState::Serving ? TlsStep::Replace : TlsStep::Start;
}

std::string tlsFingerprint(const store::TlsSettings& s) {
    const std::string text = s.material.key_pem + '\0' + s.material.cert_pem + '\0' +
                             s.material.cacert_pem + '\0' + std::to_string(s.port);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
    std::string hex;
    char pair[3];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(pair, sizeof pair, "%02x", digest[i]);
        hex += pair;
    }
    return hex;
}

TlsListener::TlsListener(db::Pool& pool, http::Site& site, http::Metrics& metrics,
                         http::Server::Options plain_options, const Logger& log)
    : pool_(pool),
      site_(site),
      metrics_(metrics),
      plain_options_(std::move(plain_options)),
      log_(log) {}

TlsListener::~TlsListener() {
    stop();
}

void TlsListener::refresh() {
    std::optional<store::TlsSettings> stored;
    try {
        auto lease = pool_.acquire();
        stored = store::TlsStore(*lease).load();
    } catch (const std::exception&) {
        return;  // no database now: keep serving what we serve; the next heartbeat retries
    }
    const auto fingerprint = stored ? std::optional(tlsFingerprint(*stored)) : std::nullopt;
    std::lock_guard lock(mutex_);
    const auto step = tlsStep(state_, fingerprint, fingerprint_);
    apply(step, stored, fingerprint.value_or(""));
}

void TlsListener::apply(TlsStep step, const std::optional<store::TlsSettings>& stored,
                        const std::string& fingerprint) {
    switch (step) {
        case TlsStep::Keep:
            return;
        case TlsStep::Stop:
        case TlsStep::Clear:
            site_.setTlsPort(0);
            if (server_)
                server_->stop();
            server_.reset();
            state_ = TlsState::Off;
            fingerprint_.clear();
            port_attempts_ = 0;
            if (step == TlsStep::Stop)
                log_.log(kTlsStopped, "HTTPS stopped");
            return;
        case TlsStep::Start:
        case TlsStep::Replace:
            break;
    }
    const bool again = state_ == TlsState::Retrying && fingerprint == fingerprint_;
    port_attempts_ = again ? port_attempts_ : 0;
    fingerprint_ = fingerprint;
    try {
        auto options = plain_options_;
        options.port = stored->port;
        options.tls = std::make_shared<tls::CertificateServerContext>(stored->material);
        const auto facts = tls::checkMaterial(stored->material, std::chrono::system_clock::now());
        // SO_REUSEPORT: the new listener binds beside the old one, then the old one goes.
        auto fresh = std::make_unique<http::Server>(site_, metrics_, options, log_);
        fresh->start();
        if (server_)
            server_->stop();
        server_ = std::move(fresh);
        state_ = TlsState::Serving;
        site_.setTlsPort(stored->port);
        port_attempts_ = 0;
        log_.log(kTlsServing, "serving HTTPS",
                 {{"port", std::to_string(server_->port())}, {"subject", facts.subject}});
    } catch (const http::ListenError& e) {
        failed(e.error() == EADDRINUSE, e.what(), stored->port);
    } catch (const std::exception& e) {
        failed(false, e.what(), stored->port);
    }
}

void TlsListener::failed(bool port_in_use, const std::string& why, int port) {
    if (server_)
        server_->stop();
    server_.reset();
    site_.setTlsPort(0);
    const auto where = std::to_string(port);
    if (port_in_use && ++port_attempts_ < kTlsPortAttempts) {
        state_ = TlsState::Retrying;
        log_.log(kTlsPortBusy,
                 "HTTPS port " + where +
                     " is in use by another program; retrying at every "
                     "heartbeat (attempt " +
                     std::to_string(port_attempts_) + " of " + std::to_string(kTlsPortAttempts) +
                     ")",
                 {{"port", where}});
        return;
    }
    state_ = TlsState::Failed;
    log_.log(kTlsFailed,
             port_in_use ? "HTTPS port " + where + " stayed in use through " +
                               std::to_string(kTlsPortAttempts) +
                               " attempts; HTTPS is off until the port is free and `maas "
                               "config-tls enable` runs again"
                         : why,
             {{"port", where}});
}

void TlsListener::stop() {
    std::lock_guard lock(mutex_);
    if (server_)
        server_->stop();
    server_.reset();
    site_.setTlsPort(0);
    state_ = TlsState::Off;
}

int TlsListener::port() const {
    std::lock_guard lock(mutex_);
    return server_ ? server_->port() : 0;
}

}  // namespace maas::region::worker
