#include "maas/common/tls_psk.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace maas::tls {

// What the socket BIO below reads and writes. It never raises SIGPIPE (send with MSG_NOSIGNAL),
// so an embedder that does not ignore the signal (a Kea hook) survives a peer that hangs up.
struct SocketState {
    int fd = -1;
    bool eof = false;
};

namespace {

// TLS_AES_128_GCM_SHA256: the PSK's hash is SHA-256, so any SHA-256 suite may be negotiated.
constexpr unsigned char kPskCipherId[] = {0x13, 0x01};
constexpr const char* kSuites = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256";

std::string lastOpenSslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "TLS error";
    }
    char text[256];
    ERR_error_string_n(code, text, sizeof(text));
    return text;
}

PskContext* contextOf(SSL* ssl) {
    return static_cast<PskContext*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
}

/// A session object carrying the external PSK, as OpenSSL's PSK callbacks expect.
SSL_SESSION* pskSession(SSL* ssl, const Bytes& psk) {
    const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, kPskCipherId);
    SSL_SESSION* session = SSL_SESSION_new();
    if (cipher == nullptr || session == nullptr ||
        SSL_SESSION_set1_master_key(session, psk.data(), psk.size()) != 1 ||
        SSL_SESSION_set_cipher(session, cipher) != 1 ||
        SSL_SESSION_set_protocol_version(session, TLS1_3_VERSION) != 1) {
        SSL_SESSION_free(session);
        return nullptr;
    }
    return session;
}

int clientUsePsk(SSL* ssl, const EVP_MD* md, const unsigned char** id, size_t* id_len,
                 SSL_SESSION** session) {
    const auto* ctx = contextOf(ssl);
    *session = nullptr;
    const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, kPskCipherId);
    if (ctx == nullptr || cipher == nullptr ||
        (md != nullptr && md != SSL_CIPHER_get_handshake_digest(cipher))) {
        return 1;  // offer nothing: the handshake fails, never falls back
    }
    *session = pskSession(ssl, ctx->psk());
    *id = reinterpret_cast<const unsigned char*>(ctx->identity().data());
    *id_len = ctx->identity().size();
    return *session != nullptr ? 1 : 0;
}

int serverFindPsk(SSL* ssl, const unsigned char* id, size_t id_len, SSL_SESSION** session) {
    const auto* ctx = contextOf(ssl);
    *session = nullptr;
    if (ctx == nullptr || id_len != ctx->identity().size() ||
        std::memcmp(id, ctx->identity().data(), id_len) != 0) {
        return 1;  // unknown identity: no PSK and no certificate, so the handshake fails
    }
    *session = pskSession(ssl, ctx->psk());
    return *session != nullptr ? 1 : 0;
}

SocketState* stateOf(BIO* bio) {
    return static_cast<SocketState*>(BIO_get_data(bio));
}

int socketWrite(BIO* bio, const char* data, size_t size, size_t* written) {
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::send(stateOf(bio)->fd, data, size, MSG_NOSIGNAL);
    if (n >= 0) {
        *written = static_cast<size_t>(n);
        return 1;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        BIO_set_retry_write(bio);
    }
    return 0;
}

int socketRead(BIO* bio, char* data, size_t size, size_t* read) {
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::recv(stateOf(bio)->fd, data, size, 0);
    if (n > 0) {
        *read = static_cast<size_t>(n);
        return 1;
    }
    if (n == 0) {
        stateOf(bio)->eof = true;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        BIO_set_retry_read(bio);
    }
    return 0;
}

long socketCtrl(BIO* bio, int command, long, void*) {
    switch (command) {
        case BIO_CTRL_FLUSH:
            return 1;
        case BIO_CTRL_EOF:
            return stateOf(bio)->eof ? 1 : 0;
        default:
            return 0;
    }
}

BIO_METHOD* socketMethod() {
    static BIO_METHOD* const method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "maas-socket");
        BIO_meth_set_write_ex(m, socketWrite);
        BIO_meth_set_read_ex(m, socketRead);
        BIO_meth_set_ctrl(m, socketCtrl);
        return m;
    }();
    return method;
}

}  // namespace

Bytes deriveKey(const Bytes& secret, std::string_view label, size_t length) {
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf),
                                                                  EVP_KDF_CTX_free);
    EVP_KDF_free(kdf);
    if (!ctx) {
        throw std::runtime_error("HKDF unavailable: " + lastOpenSslError());
    }
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string("digest", digest, 0),
        OSSL_PARAM_construct_octet_string("key", const_cast<uint8_t*>(secret.data()),
                                          secret.size()),
        OSSL_PARAM_construct_octet_string("info", const_cast<char*>(label.data()), label.size()),
        OSSL_PARAM_construct_end(),
    };
    Bytes out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
        throw std::runtime_error("HKDF failed: " + lastOpenSslError());
    }
    return out;
}

PskContext::PskContext(Role role, Bytes psk, std::string identity)
    : role_(role), psk_(std::move(psk)), identity_(std::move(identity)) {
    ctx_ = SSL_CTX_new(role == Role::Client ? TLS_client_method() : TLS_server_method());
    if (ctx_ == nullptr) {
        throw std::runtime_error("SSL_CTX_new: " + lastOpenSslError());
    }
    SSL_CTX_set_app_data(ctx_, this);
    SSL_CTX_set_min_proto_version(ctx_, TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(ctx_, TLS1_3_VERSION);
    SSL_CTX_set_options(ctx_, SSL_OP_NO_TICKET | SSL_OP_IGNORE_UNEXPECTED_EOF);
    // Both ends are ours, so no TLS 1.2 middlebox needs the fake ChangeCipherSpec records and
    // session id: without them each flight is one record shorter and ClientHello 32 bytes.
    SSL_CTX_clear_options(ctx_, SSL_OP_ENABLE_MIDDLEBOX_COMPAT);
    SSL_CTX_set_num_tickets(ctx_, 0);
    SSL_CTX_set_session_cache_mode(ctx_, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_mode(ctx_, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                               SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_set_ciphersuites(ctx_, kSuites) != 1) {
        SSL_CTX_free(ctx_);
        throw std::runtime_error("TLS 1.3 suites unavailable: " + lastOpenSslError());
    }
    if (role == Role::Client) {
        // No trust anchors: a server answering with a certificate instead of the PSK fails.
        SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
        SSL_CTX_set_psk_use_session_callback(ctx_, clientUsePsk);
    } else {
        SSL_CTX_set_psk_find_session_callback(ctx_, serverFindPsk);
    }
}

PskContext::~PskContext() {
    SSL_CTX_free(ctx_);
    OPENSSL_cleanse(psk_.data(), psk_.size());  // no key left behind in freed memory
}

std::shared_ptr<PskContext> rpcContext(Role role, const Bytes& secret) {
    return std::make_shared<PskContext>(role, deriveKey(secret, kRpcPskLabel),
                                        std::string(kRpcPskIdentity));
}

std::shared_ptr<PskContext> peerContext(Role role, const Bytes& secret) {
    return std::make_shared<PskContext>(role, deriveKey(secret, kPeerPskLabel),
                                        std::string(kPeerPskIdentity));
}

bool PskContext::acceptsSession(SSL* ssl, std::string& why) const {
    // Only the pre-shared key may authenticate this TLS handshake.
    if (SSL_session_reused(ssl) == 1) {
        return true;
    }
    why = "peer did not use the pre-shared key";
    return false;
}

Stream::Stream(std::shared_ptr<const Context> context, int fd)
    : context_(std::move(context)),
      socket_(std::make_unique<SocketState>()),
      ssl_(SSL_new(context_->get())) {
    socket_->fd = fd;
    BIO* bio = ssl_ != nullptr ? BIO_new(socketMethod()) : nullptr;
    if (bio == nullptr) {
        SSL_free(ssl_);
        throw std::runtime_error("SSL_new: " + lastOpenSslError());
    }
    BIO_set_data(bio, socket_.get());
    BIO_set_init(bio, 1);
    SSL_set_bio(ssl_, bio, bio);  // the SSL owns the BIO from here
    if (context_->role() == Role::Client) {
        SSL_set_connect_state(ssl_);
    } else {
        SSL_set_accept_state(ssl_);
    }
}

Stream::~Stream() {
    SSL_free(ssl_);
}

IoStatus Stream::classify(int rc) {
    const int code = SSL_get_error(ssl_, rc);
    switch (code) {
        case SSL_ERROR_WANT_READ:
            return IoStatus::WantRead;
        case SSL_ERROR_WANT_WRITE:
            return IoStatus::WantWrite;
        case SSL_ERROR_ZERO_RETURN:
            return IoStatus::Closed;
        case SSL_ERROR_SYSCALL:
            if (errno == EINTR) {
                return IoStatus::WantRead;
            }
            socket_errno_ = errno;
            error_ = errno != 0 ? std::strerror(errno) : "connection closed";
            ERR_clear_error();
            return errno != 0 ? IoStatus::Failed : IoStatus::Closed;
        default:
            error_ = lastOpenSslError();
            return IoStatus::Failed;
    }
}

IoStatus Stream::handshake() {
    if (established_) {
        return IoStatus::Done;
    }
    ERR_clear_error();
    errno = 0;
    const int rc = SSL_do_handshake(ssl_);
    if (rc != 1) {
        return classify(rc);
    }
    if (!context_->acceptsSession(ssl_, error_)) {
        return IoStatus::Failed;
    }
    established_ = true;
    return IoStatus::Done;
}

IoResult Stream::read(char* buffer, size_t size) {
    ERR_clear_error();
    errno = 0;
    size_t done = 0;
    if (SSL_read_ex(ssl_, buffer, size, &done) == 1) {
        return {IoStatus::Done, done};
    }
    return {classify(0), 0};
}

IoResult Stream::write(const char* data, size_t size) {
    ERR_clear_error();
    errno = 0;
    size_t done = 0;
    if (SSL_write_ex(ssl_, data, size, &done) == 1) {
        return {IoStatus::Done, done};
    }
    const auto status = classify(0);
    return {status == IoStatus::Closed ? IoStatus::Failed : status, 0};
}

bool Stream::hasBuffered() const {
    return SSL_pending(ssl_) > 0;
}

void Stream::shutdown() {
    if (established_) {
        ERR_clear_error();
        SSL_shutdown(ssl_);
        ERR_clear_error();
    }
}

}  // namespace maas::tls
