#include "server/http/server.hpp"

#include "server/http/access_log.hpp"
#include "server/http/metrics.hpp"
#include "server/http/second_text.hpp"
#include "server/http/tls.hpp"

#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <array>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unordered_map>

namespace balai::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Called on the session's strand when the server stops.
  virtual void shutdown() = 0;
  virtual asio::any_io_executor executor() = 0;
};

struct Shared {
  ServerConfig config;
  Handler handler;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> next_id{0};
  std::uint32_t id_prefix = 0;
  std::mutex sessions_mutex;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;
  std::unique_ptr<asio::ssl::context> ssl;  // wraps the TLS store's context
  SecondText date{"%a, %d %b %Y %H:%M:%S GMT"};
  AccessLog access_log{stdout};
  // Last, so destroyed first: handlers still queued at exit hold sessions,
  // whose destructors use the members above.
  asio::io_context ioc;

  std::string request_id() {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%08x%08llx", id_prefix, static_cast<unsigned long long>(++next_id));
    return buf;
  }
};

// Normal ends of a connection are not worth a warning.
void fail(beast::error_code ec, const char* what) {
  if (ec == asio::error::operation_aborted || ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
      ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
      ec == bhttp::error::partial_message)
    return;
  spdlog::debug("{}: {}", what, ec.message());
}

const char* status_text_id(int status) {
  switch (status) {
    case 400: return "Permintaan tidak valid.";
    case 413: return "Isi permintaan terlalu besar.";
    case 431: return "Header permintaan terlalu besar.";
    default: return "Permintaan tidak dapat diproses.";
  }
}

// One connection. `Stream` is a plain TCP stream or TLS over one.
template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  using std::enable_shared_from_this<Session<Stream>>::shared_from_this;
  using std::enable_shared_from_this<Session<Stream>>::weak_from_this;

 public:
  Session(tcp::socket&& socket, Shared& shared, const Handler& handler, bool count)
      : stream_(make_stream(std::move(socket), shared)), shared_(shared), handler_(handler), count_(count) {
    beast::error_code ec;
    auto ep = tcp_().socket().remote_endpoint(ec);
    peer_ = ec ? std::string("unknown") : ep.address().to_string();
    tcp_().socket().set_option(tcp::no_delay(true), ec);
    metrics().connection_opened();
  }

  ~Session() override {
    metrics().connection_closed();
    std::lock_guard lock(shared_.sessions_mutex);
    shared_.sessions.erase(this);
  }

  void start() {
    {
      std::lock_guard lock(shared_.sessions_mutex);
      shared_.sessions.emplace(this, std::weak_ptr<SessionBase>(shared_from_this()));
    }
    if constexpr (kTls) {
      asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->tcp_().expires_after(self->shared_.config.read_timeout);
        self->stream_.async_handshake(asio::ssl::stream_base::server, beast::bind_front_handler(&Session::on_handshake, self));
      });
    } else {
      asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }
  }

  // A connection that has not sent its first request yet may have one on the
  // way: it is read and answered (then closed). An idle keep-alive connection
  // is closed now; clients retry an idempotent request on such a connection.
  void shutdown() override {
    closing_ = true;
    if (!busy_ && served_ > 0) close();
  }

  asio::any_io_executor executor() override { return stream_.get_executor(); }

 private:
  static Stream make_stream(tcp::socket&& socket, Shared& shared) {
    if constexpr (kTls) return Stream(std::move(socket), *shared.ssl);
    else return Stream(std::move(socket));
  }
  beast::tcp_stream& tcp_() { return beast::get_lowest_layer(stream_); }

  void on_handshake(beast::error_code ec) {
    if (ec) {
      metrics().tls_handshake_failed();
      fail(ec, "handshake");
      return close();
    }
    do_read();
  }

  void do_read() {
    if (served_ > 0 && (closing_ || shared_.stopping)) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.config.header_limit));
    // Beast checks Content-Length against the limit while parsing the header:
    // start from the largest any target allows, then narrow it per target.
    parser_->body_limit(std::max(shared_.config.body_limit, shared_.config.max_body_limit));
    tcp_().expires_after(served_ == 0 ? shared_.config.read_timeout : shared_.config.idle_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // Most requests have no body; some targets (uploads) may have a large one,
  // with more time to send it over a slow connection.
  void on_header(beast::error_code ec, std::size_t n) {
    if (ec) return on_read(ec, n);
    std::size_t limit = shared_.config.body_limit;
    if (shared_.config.body_limit_for)
      limit = std::min(std::max(limit, shared_.config.body_limit_for(parser_->get()[bhttp::field::host], parser_->get().target())), std::max(limit, shared_.config.max_body_limit));
    if (auto length = parser_->content_length(); length && *length > limit) return reject(413);
    parser_->body_limit(limit);  // chunked bodies are counted as they arrive
    if (limit > shared_.config.body_limit) tcp_().expires_after(shared_.config.upload_timeout);
    if (parser_->is_done()) return on_read(ec, n);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream) return close();
    if (ec == bhttp::error::header_limit) return reject(431);
    if (ec == bhttp::error::body_limit) return reject(413);
    if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
        ec != bhttp::error::partial_message)
      return reject(400);  // malformed request line, header or chunking
    if (ec) {
      fail(ec, "read");
      return close();
    }
    auto& msg = parser_->get();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    auto q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    req.host_count = static_cast<int>(msg.count(bhttp::field::host));
    if (auto it = msg.find(bhttp::field::host); it != msg.end()) req.host = std::string(it->value());
    if (auto it = msg.find(bhttp::field::accept_encoding); it != msg.end()) req.accept_encoding = std::string(it->value());
    if (auto it = msg.find(bhttp::field::if_none_match); it != msg.end()) req.if_none_match = std::string(it->value());
    if (auto it = msg.find(bhttp::field::user_agent); it != msg.end()) req.user_agent = std::string(it->value().substr(0, 256));
    if (auto it = msg.find(bhttp::field::origin); it != msg.end()) req.origin = std::string(it->value().substr(0, 300));
    if (auto it = msg.find(bhttp::field::content_type); it != msg.end()) req.content_type = std::string(it->value().substr(0, 200));
    if (auto it = msg.find(bhttp::field::cookie); it != msg.end()) req.cookie = std::string(it->value().substr(0, 4096));
    if (auto it = msg.find("X-CSRF-Token"); it != msg.end()) req.csrf_token = std::string(it->value().substr(0, 200));
    std::string xff;
    if (auto it = msg.find("X-Forwarded-For"); it != msg.end()) xff = std::string(it->value());
    req.keep_alive = msg.keep_alive();
    req.tls = kTls;
    req.body = std::move(msg.body());
    body_bytes_ = req.body.size();
    head_ = msg.method() == bhttp::verb::head;
    http10_ = msg.version() == 10;
    keep_alive_ = req.keep_alive;

    ctx_ = Context{};
    ctx_.request_id = shared_.request_id();
    ctx_.client_ip = client_address(peer_, xff, shared_.config.trusted_proxies);
    ctx_.start = std::chrono::steady_clock::now();
    log_host_ = req.host.substr(0, 128);
    log_method_ = req.method.substr(0, 16);
    log_path_ = req.path.substr(0, 256);
    busy_ = true;
    tcp_().expires_never();

    // The answer may come from a database worker: hop back onto this strand,
    // and keep the io_context alive until it does.
    auto self = shared_from_this();
    auto work = asio::prefer(shared_.ioc.get_executor(), asio::execution::outstanding_work.tracked);
    Respond respond = [self, work](Response&& res) {
      // Inline when answered on this strand (a cache hit), queued when answered from a worker.
      asio::dispatch(self->executor(), [self, res = std::move(res)]() mutable { self->send(std::move(res)); });
    };
    try {
      handler_(std::move(req), ctx_, std::move(respond));
    } catch (const std::exception& e) {
      spdlog::error("request {}: handler threw: {}", ctx_.request_id, e.what());
      Response res;
      res.status = 500;
      res.content_type = "text/plain; charset=utf-8";
      res.body = "Terjadi kesalahan pada server.\n";
      send(std::move(res));
    }
  }

  void reject(int status) {
    keep_alive_ = false;
    head_ = false;
    http10_ = false;
    busy_ = true;
    ctx_ = Context{};
    ctx_.request_id = shared_.request_id();
    ctx_.client_ip = peer_;
    ctx_.start = std::chrono::steady_clock::now();
    body_bytes_ = 0;
    log_host_.clear();
    log_method_ = "-";
    log_path_ = "-";
    Response res;
    res.status = status;
    res.content_type = "text/plain; charset=utf-8";
    res.body = std::string(status_text_id(status)) + "\n";
    send(std::move(res));
  }

  // The response head is written by hand into one buffer, and the body goes
  // beside it in a single gathered write: on the cache-hit path this is most
  // of the work, and Beast's general serializer costs more than it does.
  void send(Response&& r) {
    if (r.shared_body) {
      shared_body_ = std::move(r.shared_body);
    } else {
      owned_body_ = std::move(r.body);
      shared_body_.reset();
    }
    const std::string& body = shared_body_ ? *shared_body_ : owned_body_;
    bool keep = keep_alive_ && !closing_ && !shared_.stopping;
    status_ = r.status;
    bytes_ = head_ ? 0 : body.size();
    auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
    head_text_.clear();
    head_text_ += "HTTP/1.1 ";
    head_text_ += std::to_string(r.status);
    head_text_ += ' ';
    head_text_.append(reason.data(), reason.size());
    auto header = [this](std::string_view name, std::string_view value) {
      // A value that could split the response is never written.
      if (name.find_first_of("\r\n:") != std::string_view::npos || value.find_first_of("\r\n") != std::string_view::npos) return;
      head_text_ += "\r\n";
      head_text_ += name;
      head_text_ += ": ";
      head_text_ += value;
    };
    header("Server", "Balai");
    header("Date", shared_.date.at(std::time(nullptr)));
    header("Content-Type", r.content_type);
    header("Content-Length", std::to_string(body.size()));
    header("X-Content-Type-Options", "nosniff");
    header("X-Request-Id", ctx_.request_id);
    if (kTls) header("Strict-Transport-Security", "max-age=31536000");
    for (const auto& [name, value] : r.headers) header(name, value);
    if (!keep) header("Connection", "close");
    else if (http10_) header("Connection", "keep-alive");
    head_text_ += "\r\n\r\n";
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_text_),
                                              head_ ? asio::const_buffer{} : asio::buffer(body.data(), body.size())};
    tcp_().expires_after(shared_.config.write_timeout);
    asio::async_write(stream_, buffers, beast::bind_front_handler(&Session::on_write, shared_from_this(), keep));
  }

  void on_write(bool keep, beast::error_code ec, std::size_t) {
    busy_ = false;
    ++served_;
    log_access();
    if (ec) {
      fail(ec, "write");
      return close();
    }
    if (!keep) return close();
    do_read();
  }

  void log_access() {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - ctx_.start).count();
    if (count_) metrics().observe(ctx_.surface, status_, static_cast<double>(us) / 1e6, body_bytes_, ctx_.desa_id);
    auto& log = shared_.access_log;
    if (shared_.config.log_json) {
      nlohmann::json j = {{"time", log.timestamp()}, {"log", "access"}, {"rid", ctx_.request_id}, {"ip", ctx_.client_ip},
                          {"host", log_host_}, {"desa", ctx_.desa_id}, {"method", log_method_}, {"path", log_path_},
                          {"status", status_}, {"bytes", bytes_}, {"us", us}};
      log.append(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      // Host, method and path come from the client: quote nothing, but keep them on one line.
      auto clean = [](std::string s) {
        for (char& c : s)
          if (static_cast<unsigned char>(c) < 0x20 || c == ' ') c = '_';
        return s;
      };
      log.append(fmt::format("{} access {} {} {} desa={} {} {} {} {}B {}us", log.timestamp(), ctx_.request_id, ctx_.client_ip,
                             log_host_.empty() ? "-" : clean(log_host_), ctx_.desa_id, clean(log_method_), clean(log_path_),
                             status_, bytes_, us));
    }
  }

  void close() {
    beast::error_code ec;
    tcp_().socket().shutdown(tcp::socket::shutdown_send, ec);
    tcp_().socket().close(ec);
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  Shared& shared_;
  const Handler& handler_;
  bool count_;
  std::size_t body_bytes_ = 0;
  std::string peer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string head_text_;
  std::string owned_body_;
  std::shared_ptr<const std::string> shared_body_;
  Context ctx_;
  std::string log_host_, log_method_, log_path_;
  int status_ = 0;
  std::size_t bytes_ = 0;
  std::size_t served_ = 0;
  bool busy_ = false, closing_ = false, keep_alive_ = true, head_ = false, http10_ = false;
};

}  // namespace

struct Acceptor {
  explicit Acceptor(asio::io_context& ioc, std::string name) : acceptor(ioc), name(std::move(name)) {}
  tcp::acceptor acceptor;
  std::string name;  // http, https, metrics
};

struct Server::Impl {
  Shared shared;
  Acceptor http{shared.ioc, "http"}, https{shared.ioc, "https"}, metrics{shared.ioc, "metrics"};
  asio::signal_set signals{shared.ioc, SIGINT, SIGTERM};
  asio::signal_set hup{shared.ioc, SIGHUP};
  asio::steady_timer poll_timer{shared.ioc};
  asio::steady_timer drain_timer{shared.ioc};
  std::chrono::steady_clock::time_point stop_deadline;

  void do_accept(Acceptor& a) {
    if (!a.acceptor.is_open()) return;
    a.acceptor.async_accept(asio::make_strand(shared.ioc), [this, &a](beast::error_code ec, tcp::socket socket) {
      // A connection accepted just as the server began to stop is still answered.
      if (ec && (ec == asio::error::operation_aborted || !a.acceptor.is_open())) return;
      if (ec) {
        spdlog::warn("accept ({}): {}", a.name, ec.message());
        // Out of descriptors or similar: pause instead of spinning.
        auto t = std::make_shared<asio::steady_timer>(shared.ioc, std::chrono::milliseconds(50));
        t->async_wait([this, t, &a](beast::error_code) { do_accept(a); });
        return;
      }
      std::size_t open_sessions;
      {
        std::lock_guard lock(shared.sessions_mutex);
        open_sessions = shared.sessions.size();
      }
      if (open_sessions >= shared.config.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
      } else if (&a == &https) {
        std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), shared, shared.handler, true)->start();
      } else if (&a == &metrics) {
        std::make_shared<Session<beast::tcp_stream>>(std::move(socket), shared, shared.config.metrics_handler, false)->start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(std::move(socket), shared, shared.handler, true)->start();
      }
      if (a.acceptor.is_open()) do_accept(a);
    });
  }

  void wait_hup() {
    hup.async_wait([this](beast::error_code ec, int) {
      if (ec) return;
      if (!shared.config.on_reload) {
        spdlog::info("received SIGHUP: nothing to reload (no --tls-dir)");
        return wait_hup();
      }
      spdlog::info("received SIGHUP: reloading");
      try {
        shared.config.on_reload(true);
      } catch (const std::exception& e) {
        spdlog::error("reload: {}", e.what());
      }
      wait_hup();
    });
  }

  void poll() {
    poll_timer.expires_after(shared.config.poll_interval);
    poll_timer.async_wait([this](beast::error_code ec) {
      if (ec || shared.stopping) return;
      try {
        shared.config.on_reload(false);
      } catch (const std::exception& e) {
        spdlog::error("reload: {}", e.what());
      }
      poll();
    });
  }

  void begin_stop() {
    if (shared.stopping.exchange(true)) return;
    spdlog::info("stopping: no new connections, finishing requests in flight");
    beast::error_code ec;
    for (auto* a : {&http, &https, &metrics}) a->acceptor.close(ec);
    signals.cancel(ec);
    hup.cancel(ec);
    poll_timer.cancel();
    std::vector<std::weak_ptr<SessionBase>> all;
    {
      std::lock_guard lock(shared.sessions_mutex);
      for (auto& [p, w] : shared.sessions) all.push_back(w);
    }
    for (auto& w : all)
      if (auto s = w.lock()) asio::post(s->executor(), [s] { s->shutdown(); });
    stop_deadline = std::chrono::steady_clock::now() + shared.config.shutdown_grace;
    wait_drained();
  }

  void wait_drained() {
    bool empty;
    {
      std::lock_guard lock(shared.sessions_mutex);
      empty = shared.sessions.empty();
    }
    if (empty || std::chrono::steady_clock::now() >= stop_deadline) {
      if (!empty) spdlog::warn("stopping: grace period over, closing remaining connections");
      shared.ioc.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([this](beast::error_code) { wait_drained(); });
  }
};

Server::Server(ServerConfig config, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->shared.config = std::move(config);
  impl_->shared.handler = std::move(handler);
  std::random_device rd;
  impl_->shared.id_prefix = rd();
}

Server::~Server() = default;

namespace {

// Sockets passed by systemd: LISTEN_PID names this process, LISTEN_FDS counts
// them from descriptor 3, LISTEN_FDNAMES (colon-separated) names them.
std::unordered_map<std::string, int> inherited_sockets() {
  std::unordered_map<std::string, int> out;
  const char* pid = std::getenv("LISTEN_PID");
  const char* count = std::getenv("LISTEN_FDS");
  if (!pid || !count || std::strtol(pid, nullptr, 10) != static_cast<long>(::getpid())) return out;
  long n = std::strtol(count, nullptr, 10);
  std::vector<std::string> names;
  if (const char* list = std::getenv("LISTEN_FDNAMES")) {
    std::string all = list;
    for (std::size_t start = 0;;) {
      auto colon = all.find(':', start);
      names.push_back(all.substr(start, colon - start));
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  for (long i = 0; i < n && i < 16; ++i) {
    std::string name = i < static_cast<long>(names.size()) && !names[static_cast<std::size_t>(i)].empty() &&
                               names[static_cast<std::size_t>(i)] != "unknown"
                           ? names[static_cast<std::size_t>(i)]
                           : (i == 0 ? "http" : "fd" + std::to_string(i + 3));
    out[name] = static_cast<int>(3 + i);
  }
  ::unsetenv("LISTEN_PID");
  ::unsetenv("LISTEN_FDS");
  ::unsetenv("LISTEN_FDNAMES");
  return out;
}

void open_acceptor(Acceptor& a, const std::string& address, unsigned short port, std::unordered_map<std::string, int>& fds) {
  beast::error_code ec;
  if (auto it = fds.find(a.name); it != fds.end()) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int listening = 0, type = 0;
    socklen_t optlen = sizeof listening;
    if (::getsockname(it->second, reinterpret_cast<sockaddr*>(&ss), &len) != 0 ||
        (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) ||
        ::getsockopt(it->second, SOL_SOCKET, SO_ACCEPTCONN, &listening, &optlen) != 0 || !listening ||
        (optlen = sizeof type, ::getsockopt(it->second, SOL_SOCKET, SO_TYPE, &type, &optlen) != 0) || type != SOCK_STREAM)
      throw std::runtime_error("inherited socket '" + a.name + "' is not a listening TCP socket");
    a.acceptor.assign(ss.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), it->second, ec);
    if (ec) throw std::runtime_error("cannot use the inherited socket '" + a.name + "': " + ec.message());
    fds.erase(it);
    spdlog::info("{}: using the socket passed by the service manager", a.name);
    return;
  }
  auto addr = asio::ip::make_address(address, ec);
  if (ec) throw std::runtime_error("invalid listen address '" + address + "'");
  tcp::endpoint ep{addr, port};
  auto& acc = a.acceptor;
  acc.open(ep.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(ep, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + address + ":" + std::to_string(port) + " (" + a.name + "): " + ec.message());
}

}  // namespace

void Server::listen() {
  auto& cfg = impl_->shared.config;
  auto fds = inherited_sockets();
  open_acceptor(impl_->http, cfg.address, cfg.port, fds);
  if (cfg.tls) {
    SSL_CTX_up_ref(cfg.tls->server_context());  // the asio context frees its handle
    impl_->shared.ssl = std::make_unique<asio::ssl::context>(cfg.tls->server_context());
    open_acceptor(impl_->https, cfg.address, cfg.https_port, fds);
  } else if (fds.count("https")) {
    throw std::runtime_error("an HTTPS socket was passed but no certificates are configured (--tls-dir)");
  }
  if (cfg.metrics_handler && (cfg.metrics_port || fds.count("metrics")))
    open_acceptor(impl_->metrics, cfg.metrics_address.empty() ? "127.0.0.1" : cfg.metrics_address, cfg.metrics_port, fds);
  for (auto& [name, fd] : fds) {
    spdlog::warn("ignoring the passed socket '{}' (descriptor {})", name, fd);
    ::close(fd);
  }
}

unsigned short Server::bound_port() const { return impl_->http.acceptor.local_endpoint().port(); }
unsigned short Server::https_bound_port() const {
  return impl_->https.acceptor.is_open() ? impl_->https.acceptor.local_endpoint().port() : 0;
}
unsigned short Server::metrics_bound_port() const {
  return impl_->metrics.acceptor.is_open() ? impl_->metrics.acceptor.local_endpoint().port() : 0;
}

void Server::run() {
  auto& impl = *impl_;
  impl.signals.async_wait([&impl](beast::error_code ec, int sig) {
    if (ec) return;
    spdlog::info("received signal {}", sig);
    impl.begin_stop();
  });
  impl.wait_hup();
  if (impl.shared.config.on_reload && impl.shared.config.poll_interval.count() > 0) impl.poll();
  for (auto* a : {&impl.http, &impl.https, &impl.metrics}) impl.do_accept(*a);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.shared.config.threads; ++i) threads.emplace_back([&impl] { impl.shared.ioc.run(); });
  impl.shared.ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  asio::post(impl_->shared.ioc, [this] { impl_->begin_stop(); });
}

}  // namespace balai::http
