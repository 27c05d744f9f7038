// The HTTP/1.1 server: listener, sessions with deadlines and size limits,
// keep-alive, access log, graceful shutdown. Serves one Handler.
#pragma once
#include <chrono>
#include <functional>
#include <string_view>
#include <memory>
#include <string>
#include <vector>

#include "server/core/host.hpp"
#include "server/http/types.hpp"

namespace balai::http {

class TlsStore;

struct ServerConfig {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  // HTTPS on the same address when `tls` is set; certificates chosen by SNI.
  unsigned short https_port = 0;
  TlsStore* tls = nullptr;  // every HTTPS answer carries Strict-Transport-Security
  // The metrics listener (health, readiness, Prometheus) with its own handler;
  // its requests are not counted in the metrics.
  std::string metrics_address;
  unsigned short metrics_port = 0;
  Handler metrics_handler;
  // Called on SIGHUP (true) and every `poll_interval` (false), on an I/O thread.
  std::function<void(bool signalled)> on_reload;
  std::chrono::seconds poll_interval{30};
  std::size_t threads = 2;
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 64 * 1024;
  // A larger body limit for some targets (uploads), read within upload_timeout.
  std::function<std::size_t(std::string_view host, std::string_view target)> body_limit_for;
  std::chrono::seconds upload_timeout{300};
  std::size_t max_body_limit = 0;  // the largest body_limit_for may return
  std::chrono::seconds read_timeout{15};   // whole request, header and body
  std::chrono::seconds idle_timeout{30};   // keep-alive wait for the next request
  std::chrono::seconds write_timeout{30};
  std::chrono::milliseconds shutdown_grace{4500};
  std::size_t max_connections = 10000;
  std::vector<Cidr> trusted_proxies;
  bool log_json = false;
};

class Server {
 public:
  Server(ServerConfig config, Handler handler);
  ~Server();
  // Binds and listens; throws with a clear message when the address is taken.
  // Sockets handed over by systemd (LISTEN_FDS, LISTEN_FDNAMES "http",
  // "https", "metrics") are used instead of binding: a restart then loses no
  // connection, the kernel keeps them queued meanwhile.
  void listen();
  // Runs until SIGINT/SIGTERM (or stop()), then drains and returns.
  void run();
  void stop();
  unsigned short bound_port() const;  // the HTTP listener's
  unsigned short https_bound_port() const;
  unsigned short metrics_bound_port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace balai::http
