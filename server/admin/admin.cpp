#include "server/admin/admin.hpp"

#include <openssl/hmac.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <regex>
#include <set>
#include <condition_variable>
#include <stop_token>
#include <thread>

#include "server/admin/accounts.hpp"
#include "server/admin/api.hpp"
#include "server/admin/console.hpp"
#include "server/admin/data.hpp"
#include "server/admin/auth.hpp"
#include "server/content/richtext.hpp"
#include "server/core/host.hpp"
#include "server/core/text.hpp"
#include "server/db/pool.hpp"
#include "server/media/media.hpp"
#include "server/site/moderation.hpp"
#include "server/site/village.hpp"
#include "tenants/wilayah.hpp"

namespace balai::admin {

using http::Request;
using http::Respond;
using http::Response;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kCookie = "balai_sesi";

using site::query_param;

// The port of the admin origin as the browser sees it (":8080" in the demo),
// taken from each request's own Host; set on the worker thread that serves it.
thread_local std::string t_port_suffix;

void admin_headers(Response& r) {
  r.set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob: http: https:; style-src 'self'; script-src 'self'; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("X-Frame-Options", "DENY");
  r.set("Referrer-Policy", "no-referrer");
  r.set("Cross-Origin-Opener-Policy", "same-origin");
}

std::string cookie_value(const std::string& header, std::string_view name) {
  std::size_t at = 0;
  while (at < header.size()) {
    while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
    auto eq = header.find('=', at), end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    if (eq != std::string::npos && eq < end && std::string_view(header).substr(at, eq - at) == name)
      return header.substr(eq + 1, end - eq - 1);
    at = end + 1;
  }
  return "";
}

std::string hex(std::string_view raw) {
  static constexpr char k[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) out += {k[c >> 4], k[c & 15]};
  return out;
}

const std::set<std::string>& village_roles() {
  static const std::set<std::string> r = {"admin_desa", "editor", "kontributor"};
  return r;
}

}  // namespace

struct Admin::Impl {
  AdminConfig config;
  DirectoryStore& directory;
  db::Pool& pool;
  std::function<void(std::int64_t)> content_changed;
  std::string admin_host;
  struct File {
    std::string content_type, body;
    bool immutable = false;
  };
  std::map<std::string, File> files;
  site::RateLimiter login_limiter{20, std::chrono::seconds(600)};
  std::string dummy_hash;
  ConsoleEnv console{config, directory, {}, {}, {}};

  Impl(AdminConfig c, DirectoryStore& d, db::Pool& p, std::function<void(std::int64_t)> changed)
      : config(std::move(c)), directory(d), pool(p), content_changed(std::move(changed)) {
    admin_host = "admin." + config.base_domain;
    dummy_hash = auth::hash_password(auth::random_token());
    console.content_changed = content_changed;
    console.public_origin = [this](std::int64_t id) { return public_origin(id); };
    console.resolve = config.dns_hosts_file.empty() ? system_resolver() : hosts_file_resolver(config.dns_hosts_file);
    load_ui();
    housekeeping = std::jthread([this](std::stop_token stop) {
      std::mutex m;
      std::unique_lock lock(m);
      while (!stop.stop_requested()) {
        pool.submit([this](pqxx::connection* conn) {
          if (!conn) return;
          try {
            pqxx::work tx(*conn);
            auto n = tx.exec("SELECT balai_purge_trash()")[0][0].as<int>();
            tx.exec("SELECT balai_purge_sessions()");
            tx.exec("SET LOCAL statement_timeout = 120000");
            tx.exec("SELECT balai_refresh_activity(NULL)");
            tx.commit();
            if (n) spdlog::info("purged {} post(s) that were in the trash for 30 days", n);
            // Each quiet village is nudged at most once in 6 days.
            auto nudged = nudge_quiet(*conn, config, "balai");
            if (!nudged.empty()) spdlog::info("nudged {} quiet village(s)", nudged.size());
          } catch (const std::exception& e) {
            spdlog::warn("housekeeping: {}", e.what());
          }
        });
        std::condition_variable_any cv;
        cv.wait_for(lock, stop, std::chrono::hours(1), [] { return false; });
      }
    });
  }
  std::jthread housekeeping;

  void load_ui() {
    std::error_code ec;
    if (!fs::is_directory(config.ui_dir, ec)) {
      spdlog::warn("admin UI not found in {}: build it with ./balai.sh build", config.ui_dir);
      return;
    }
    for (const auto& entry : fs::recursive_directory_iterator(config.ui_dir, ec)) {
      if (!entry.is_regular_file()) continue;
      std::string rel = "/" + fs::relative(entry.path(), config.ui_dir).generic_string();
      std::ifstream in(entry.path(), std::ios::binary);
      std::string body((std::istreambuf_iterator<char>(in)), {});
      auto ext = entry.path().extension().string();
      std::string type = ext == ".html" ? "text/html; charset=utf-8" : ext == ".js" ? "text/javascript; charset=utf-8"
                       : ext == ".css" ? "text/css; charset=utf-8" : ext == ".svg" ? "image/svg+xml"
                       : ext == ".png" ? "image/png" : ext == ".webp" ? "image/webp" : ext == ".json" ? "application/json"
                       : ext == ".woff2" ? "font/woff2" : "application/octet-stream";
      files[rel] = {type, std::move(body), rel.starts_with("/assets/")};
    }
    spdlog::info("admin UI: {} files from {}", files.size(), config.ui_dir);
  }

  std::string client_hash(const std::string& ip) const { return hex(auth::sha256(config.secret + "|client|" + ip)).substr(0, 32); }
  std::string origin() const { return config.public_scheme + "://" + admin_host; }

  Response static_file(const Request& req) {
    std::string path = req.path == "/" ? "/index.html" : req.path;
    auto it = files.find(path);
    if (it == files.end()) {
      Response r = json_response(404, {{"galat", "Halaman tidak ditemukan."}});
      if (files.empty()) {
        r.status = 503;
        r.content_type = "text/plain; charset=utf-8";
        r.body = "Antarmuka admin belum dibangun: jalankan ./balai.sh build\n";
      }
      admin_headers(r);
      return r;
    }
    Response r;
    r.content_type = it->second.content_type;
    r.body = it->second.body;
    r.set("Cache-Control", it->second.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    admin_headers(r);
    return r;
  }

  // --- sessions ------------------------------------------------------------
  std::optional<Account> load_session(pqxx::connection& conn, const std::string& token) {
    if (token.empty() || token.size() > 100) return std::nullopt;
    std::string hash = auth::sha256(token);
    pqxx::work tx(conn);
    auto r = tx.exec_params(
        "SELECT a.id, a.username, a.nama, a.peran, coalesce(a.desa_id, 0), coalesce(a.kecamatan_id, 0), a.must_change_password,"
        " a.totp_enabled, s.csrf, s.last_seen_at < now() - interval '60 seconds',"
        " CASE WHEN s.as_until > now() THEN coalesce(s.as_desa, 0) ELSE 0 END, to_char(s.as_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
        " coalesce(s.as_reason, '')"
        " FROM sessions s JOIN accounts a ON a.id = s.account_id"
        " WHERE s.token_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2) AND NOT a.disabled",
        pqxx::binarystring(hash), static_cast<double>(config.session_idle.count()));
    if (r.empty()) return std::nullopt;
    Account a = account_of(r[0]);
    a.csrf = r[0][8].as<std::string>();
    a.token_hash = hash;
    if (auto as = r[0][10].as<std::int64_t>(); as && (a.peran == "superadmin" || a.peran == "operator_diskominfo") && a.totp) {
      // Acting as the village's admin: every write is recorded with both identities.
      a.real_peran = a.peran;
      a.peran = "admin_desa";
      a.desa_id = as;
      a.impersonator = a.username;
      a.as_until = r[0][11].as<std::string>();
      a.as_reason = r[0][12].as<std::string>();
    }
    if (r[0][9].as<bool>()) tx.exec_params("UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1", pqxx::binarystring(hash));
    tx.commit();
    return a;
  }

  json session_body(pqxx::work& tx, const Account& a) {
    json desa = nullptr;
    if (a.desa_id) {
      auto dir = directory.get();
      if (auto it = dir->by_id.find(a.desa_id); it != dir->by_id.end()) {
        const auto& d = dir->desa[it->second];
        desa = {{"id", d.id}, {"label", (d.jenis == "kelurahan" ? "Kelurahan " : "Desa ") + d.nama},
                {"url", config.public_scheme + "://" + dir->primary_host(d, config.base_domain) + t_port_suffix + "/"}};
      }
    }
    auto email = tx.exec_params("SELECT email FROM accounts WHERE id = $1", a.id);
    json menyamar = nullptr;
    if (!a.impersonator.empty()) menyamar = {{"sampai", a.as_until}, {"alasan", a.as_reason}, {"peran_asli", a.real_peran}};
    json kecamatan = nullptr;
    if (a.kecamatan_id) {
      auto k = tx.exec_params("SELECT nama FROM kecamatan WHERE id = $1", a.kecamatan_id);
      if (!k.empty()) kecamatan = {{"id", a.kecamatan_id}, {"nama", k[0][0].as<std::string>()}};
    }
    const bool regency = !a.village() || !a.impersonator.empty();
    return {{"akun", {{"id", a.id}, {"username", a.username}, {"nama", a.nama}, {"peran", a.peran}, {"desa", desa},
                      {"harus_ganti_sandi", a.must_change}, {"totp", a.totp}, {"email", email.empty() ? "" : email[0][0].as<std::string>()},
                      {"konsol", regency}, {"kecamatan", kecamatan}, {"menyamar", menyamar},
                      {"wajib_totp", a.diskominfo() && !a.totp}}},
            {"csrf", a.csrf}};
  }

  std::string session_cookie(const std::string& token, bool clear = false) const {
    std::string c = std::string(kCookie) + "=" + (clear ? "" : token) + "; Path=/; HttpOnly; SameSite=Strict";
    c += clear ? "; Max-Age=0" : "; Max-Age=" + std::to_string(config.session_absolute.count());
    if (config.public_scheme == "https") c += "; Secure";
    return c;
  }

  Response start_session(pqxx::work& tx, Account a, const http::Context& ctx, const Request& req) {
    std::string token = auth::random_token(32);
    a.csrf = auth::random_token(24);
    tx.exec_params("INSERT INTO sessions (token_hash, account_id, csrf, expires_at, client_hash, user_agent)"
                   " VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)",
                   pqxx::binarystring(auth::sha256(token)), a.id, a.csrf, static_cast<double>(config.session_absolute.count()),
                   client_hash(ctx.client_ip), req.user_agent.substr(0, 256));
    tx.exec_params("UPDATE accounts SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1", a.id);
    Response r = json_response(200, session_body(tx, a));
    r.set("Set-Cookie", session_cookie(token));
    return r;
  }

  Account account_row(pqxx::work& tx, std::int64_t id) {
    return account_of(tx.exec_params("SELECT id, username, nama, peran, coalesce(desa_id, 0), coalesce(kecamatan_id, 0), must_change_password,"
                                     " totp_enabled FROM accounts WHERE id = $1", id)[0]);
  }

  // The first eight columns of both account queries, in this order.
  static Account account_of(const pqxx::row& r) {
    Account a;
    a.id = r[0].as<std::int64_t>();
    a.username = r[1].as<std::string>();
    a.nama = r[2].as<std::string>();
    a.peran = r[3].as<std::string>();
    a.desa_id = r[4].as<std::int64_t>();
    a.kecamatan_id = r[5].as<std::int64_t>();
    a.must_change = r[6].as<bool>();
    a.totp = r[7].as<bool>();
    return a;
  }

  void login_event(pqxx::work& tx, std::int64_t account_id, const std::string& username, const http::Context& ctx, const char* outcome) {
    tx.exec_params("INSERT INTO login_events (account_id, username, client_hash, outcome) VALUES (NULLIF($1::bigint, 0), $2, $3, $4)", account_id,
                   username.substr(0, 64), client_hash(ctx.client_ip), outcome);
  }

  // A TOTP code (each step accepted once) or an unused backup code (then spent).
  bool second_factor(pqxx::work& tx, std::int64_t id, const std::string& kode, const std::string& secret, std::int64_t last_step) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (auto step = auth::totp_verify(secret, kode, now, last_step)) {
      tx.exec_params("UPDATE accounts SET totp_last_step = $2 WHERE id = $1", id, *step);
      return true;
    }
    std::string h = hex(auth::sha256(auth::normalize_code(kode)));
    return !tx.exec_params("UPDATE accounts SET totp_backup = array_remove(totp_backup, $2) WHERE id = $1 AND $2 = ANY(totp_backup) RETURNING id",
                           id, h).empty();
  }

  // --- authentication endpoints ---------------------------------------------
  Response masuk(pqxx::connection& conn, const Request& req, const http::Context& ctx, const json& body) {
    json kolom = json::object();
    std::string username = str(body, "username", 64, kolom, true, "Nama pengguna");
    std::string sandi = body.contains("sandi") && body["sandi"].is_string() ? body["sandi"].get<std::string>() : "";
    std::string kode = body.contains("kode_totp") && body["kode_totp"].is_string() ? body["kode_totp"].get<std::string>() : "";
    for (char& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (sandi.empty()) kolom["sandi"] = "Kata sandi wajib diisi.";
    if (!kolom.empty()) throw ApiError{422, "Lengkapi isian yang ditandai.", kolom};
    pqxx::work tx(conn);
    auto r = tx.exec_params(
        "SELECT id, password_hash, disabled, locked_until IS NOT NULL AND locked_until > now(), locked_until = 'infinity',"
        " to_char(locked_until AT TIME ZONE $2, 'HH24.MI'), failed_logins, totp_enabled, coalesce(totp_secret, ''), totp_last_step, totp_backup"
        " FROM accounts WHERE username = $1 FOR UPDATE",
        username, config.time_zone);
    const ApiError wrong{401, "Nama pengguna atau kata sandi salah."};
    if (r.empty()) {
      auth::verify_password(dummy_hash, sandi);  // same time whether or not the name exists
      login_event(tx, 0, username, ctx, "unknown_user");
      tx.commit();
      throw wrong;
    }
    const auto id = r[0][0].as<std::int64_t>();
    if (r[0][3].as<bool>()) {
      login_event(tx, id, username, ctx, "locked");
      tx.commit();
      throw ApiError{423, r[0][4].as<bool>()
                              ? "Akun terkunci karena terlalu banyak percobaan gagal. Minta admin desa atau Diskominfo membukanya."
                              : "Akun terkunci sementara karena beberapa percobaan gagal. Coba lagi setelah pukul " +
                                    r[0][5].as<std::string>() + ", atau minta admin desa membukanya."};
    }
    auto fail = [&](const char* outcome, const ApiError& e) {
      int failed = r[0][6].as<int>() + 1;
      tx.exec_params("UPDATE accounts SET failed_logins = $2, locked_until = CASE WHEN $2 >= 10 THEN 'infinity'::timestamptz"
                     " WHEN $2 % 5 = 0 THEN now() + interval '15 minutes' ELSE locked_until END WHERE id = $1",
                     id, failed);
      login_event(tx, id, username, ctx, outcome);
      tx.commit();
      throw e;
    };
    if (sandi.size() > 200 || !auth::verify_password(r[0][1].as<std::string>(), sandi)) fail("bad_password", wrong);
    if (r[0][2].as<bool>()) {  // told only to whoever knows the password
      login_event(tx, id, username, ctx, "disabled");
      tx.commit();
      throw ApiError{403, "Akun ini dinonaktifkan. Hubungi admin desa atau Diskominfo."};
    }
    if (r[0][7].as<bool>()) {
      if (kode.empty()) {
        login_event(tx, id, username, ctx, "totp_needed");
        tx.commit();
        throw ApiError{401, "Masukkan kode 6 angka dari aplikasi autentikator Anda.", json::object(), {{"perlu_totp", true}}, false};
      }
      if (!second_factor(tx, id, kode, r[0][8].as<std::string>(), r[0][9].as<std::int64_t>()))
        fail("bad_totp", ApiError{401, "Kode autentikator salah atau sudah dipakai."});
    }
    login_event(tx, id, username, ctx, "ok");
    Response out = start_session(tx, account_row(tx, id), ctx, req);
    tx.commit();
    return out;
  }

  Response pulihkan(pqxx::connection& conn, const Request& req, const http::Context& ctx, const json& body) {
    json kolom = json::object();
    std::string username = str(body, "username", 64, kolom, true, "Nama pengguna");
    std::string kode = str(body, "kode", 40, kolom, true, "Kode pemulihan");
    std::string baru = body.contains("sandi_baru") && body["sandi_baru"].is_string() ? body["sandi_baru"].get<std::string>() : "";
    for (char& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto p = auth::password_problem(baru, username); !p.empty()) kolom["sandi_baru"] = p;
    if (!kolom.empty()) throw ApiError{422, "Lengkapi isian yang ditandai.", kolom};
    pqxx::work tx(conn);
    auto r = tx.exec_params(
        "SELECT a.id, c.id, a.totp_enabled, coalesce(a.totp_secret, ''), a.totp_last_step FROM recovery_codes c JOIN accounts a ON a.id = c.account_id"
        " WHERE a.username = $1 AND c.code_hash = $2 AND c.used_at IS NULL AND c.expires_at > now() AND NOT a.disabled"
        " AND (a.locked_until IS NULL OR a.locked_until <= now() OR NOT a.totp_enabled) FOR UPDATE OF c, a",
        username, pqxx::binarystring(auth::sha256(auth::normalize_code(kode))));
    if (r.empty()) {
      auto acc = tx.exec_params("SELECT id FROM accounts WHERE username = $1", username);
      login_event(tx, acc.empty() ? 0 : acc[0][0].as<std::int64_t>(), username, ctx, "bad_recovery");
      tx.commit();
      throw ApiError{401, "Kode pemulihan salah, sudah dipakai, atau sudah kedaluwarsa. Minta kode baru ke Diskominfo atau admin desa."};
    }
    const auto id = r[0][0].as<std::int64_t>();
    if (r[0][2].as<bool>()) {
      // A recovery code replaces the password, not the second factor.
      std::string kode_totp = body.contains("kode_totp") && body["kode_totp"].is_string() ? body["kode_totp"].get<std::string>() : "";
      if (kode_totp.empty() || !second_factor(tx, id, kode_totp, r[0][3].as<std::string>(), r[0][4].as<std::int64_t>())) {
        login_event(tx, id, username, ctx, kode_totp.empty() ? "totp_needed" : "bad_totp");
        // A wrong code counts like a wrong password: the account locks after repeated guesses.
        if (!kode_totp.empty())
          tx.exec_params("UPDATE accounts SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= 10 THEN 'infinity'::timestamptz"
                         " WHEN (failed_logins + 1) % 5 = 0 THEN now() + interval '15 minutes' ELSE locked_until END WHERE id = $1", id);
        tx.commit();
        throw ApiError{401, "Akun ini memakai verifikasi dua langkah: masukkan juga kode 6 angka dari aplikasi autentikator atau kode cadangan.",
                       json::object(), {{"perlu_totp", true}}, !kode_totp.empty()};
      }
    }
    tx.exec_params("UPDATE recovery_codes SET used_at = now() WHERE id = $1", r[0][1].as<std::int64_t>());
    tx.exec_params("UPDATE accounts SET password_hash = $2, must_change_password = false, failed_logins = 0, locked_until = NULL WHERE id = $1",
                   id, auth::hash_password(baru));
    tx.exec_params("DELETE FROM sessions WHERE account_id = $1", id);
    login_event(tx, id, username, ctx, "recovered");
    Account a = account_row(tx, id);
    if (a.desa_id) audit_in(tx, a, "akun.pulihkan", "akun", id, {});
    Response out = start_session(tx, a, ctx, req);
    tx.commit();
    return out;
  }

  // Self-service recovery: a single-use code by email, when SMTP is configured.
  // The answer is the same whether or not the account exists or has an email.
  Response lupa_sandi(pqxx::connection& conn, const json& body) {
    json kolom = json::object();
    std::string username = str(body, "username", 64, kolom, true, "Nama pengguna");
    for (char& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!kolom.empty()) throw ApiError{422, "Tulis nama pengguna Anda.", kolom};
    if (!config.mail.configured())
      return json_response(200, {{"pesan", "Pemulihan lewat email belum tersedia di kabupaten ini. Minta kode pemulihan kepada admin desa atau Diskominfo."}});
    pqxx::work tx(conn);
    auto r = tx.exec_params("SELECT id, email, coalesce(desa_id, 0) FROM accounts WHERE username = $1 AND NOT disabled AND email <> ''", username);
    std::string to, code;
    std::int64_t desa = 0;
    if (!r.empty()) {
      to = r[0][1].as<std::string>();
      desa = r[0][2].as<std::int64_t>();
      code = issue_recovery_code(tx, r[0][0].as<std::int64_t>(), 0);
      tx.exec_params("INSERT INTO support_audit (actor, desa_id, action, detail) VALUES ('email', NULLIF($1::bigint, 0), 'akun.kode_pemulihan_email', $2::jsonb)",
                     desa, json{{"username", username}}.dump());
    }
    tx.commit();
    if (!to.empty()) {
      std::string text = "Halo,\n\nAda permintaan untuk mengatur ulang kata sandi akun \"" + username + "\" di " + origin() + t_port_suffix +
                         "/.\n\nKode pemulihan Anda (sekali pakai, berlaku 24 jam):\n\n    " + code +
                         "\n\nBuka " + origin() + t_port_suffix + "/#/pulihkan, isi nama pengguna, kode di atas, dan kata sandi baru.\n\n"
                         "Jika Anda tidak meminta ini, abaikan email ini; kata sandi Anda tidak berubah.\n\n-- Balai, " + config.base_domain + "\n";
      // Sent after answering, so the answer's timing does not tell whether an email went out.
      pool.submit([mail = config.mail, to, text, username](pqxx::connection*) {
        if (auto err = send_mail(mail, to, "Kode pemulihan kata sandi", text); !err.empty())
          spdlog::warn("recovery email for account {} not sent: {}", username, err);
      });
    }
    return json_response(200, {{"pesan", "Jika nama pengguna itu terdaftar dan punya alamat email, kode pemulihan sudah dikirim ke email tersebut. "
                                         "Periksa juga folder spam."}});
  }

  static std::string valid_email(const std::string& v, json& kolom, const char* field) {
    static const std::regex email_re(R"(^[^@\s<>]{1,64}@[^@\s<>]{1,190}\.[a-zA-Z]{2,}$)");
    if (!v.empty() && !std::regex_match(v, email_re)) kolom[field] = "Alamat email tidak valid.";
    return v;
  }

  // An audit row in the account's village (the tenant is set for this statement only).
  void audit_in(pqxx::work& tx, const Account& a, const std::string& action, const std::string& object, std::int64_t object_id,
                const json& detail) {
    if (!a.impersonator.empty() && action.starts_with("akun.")) {
      // The Diskominfo account's own events while acting as a village are its own, not the village's.
      tx.exec_params("INSERT INTO support_audit (actor, desa_id, action, detail) VALUES ($1, $2, $3, $4::jsonb)", a.username, a.desa_id, action,
                     detail.is_object() ? detail.dump() : std::string("{}"));
      return;
    }
    tx.exec("SELECT set_config('balai.desa_id', " + tx.quote(std::to_string(a.desa_id)) + ", true)");
    audit(tx, a, action, object, object_id, detail);
  }

  Response sandi(pqxx::connection& conn, const Account& a, const json& body) {
    json kolom = json::object();
    std::string lama = body.contains("sandi_lama") && body["sandi_lama"].is_string() ? body["sandi_lama"].get<std::string>() : "";
    std::string baru = body.contains("sandi_baru") && body["sandi_baru"].is_string() ? body["sandi_baru"].get<std::string>() : "";
    if (lama.empty()) kolom["sandi_lama"] = "Kata sandi lama wajib diisi.";
    if (auto p = auth::password_problem(baru, a.username); !p.empty()) kolom["sandi_baru"] = p;
    else if (baru == lama) kolom["sandi_baru"] = "Kata sandi baru harus berbeda dari yang lama.";
    if (!kolom.empty()) throw ApiError{422, "Kata sandi belum bisa diganti.", kolom};
    pqxx::work tx(conn);
    auto r = tx.exec_params("SELECT password_hash FROM accounts WHERE id = $1 FOR UPDATE", a.id);
    if (!auth::verify_password(r[0][0].as<std::string>(), lama))
      throw ApiError{422, "Kata sandi belum bisa diganti.", {{"sandi_lama", "Kata sandi lama salah."}}};
    tx.exec_params("UPDATE accounts SET password_hash = $2, must_change_password = false WHERE id = $1", a.id, auth::hash_password(baru));
    // Every other device signs in again with the new password.
    tx.exec_params("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2", a.id, pqxx::binarystring(a.token_hash));
    if (a.village()) audit_in(tx, a, "akun.ganti_sandi", "akun", a.id, {});
    tx.commit();
    return json_response(204, nullptr);
  }

  Response totp(pqxx::connection& conn, const Account& a, const std::string& step, const json& body) {
    pqxx::work tx(conn);
    if (step == "mulai") {
      if (a.totp) throw ApiError{409, "Verifikasi dua langkah sudah aktif."};
      std::string secret = auth::totp_new_secret();
      tx.exec_params("UPDATE accounts SET totp_secret = $2 WHERE id = $1", a.id, secret);
      tx.commit();
      return json_response(200, {{"rahasia", secret}, {"uri", auth::totp_uri(secret, a.username, "Balai " + config.base_domain)}});
    }
    if (step == "aktifkan") {
      auto r = tx.exec_params("SELECT coalesce(totp_secret, ''), totp_enabled FROM accounts WHERE id = $1 FOR UPDATE", a.id);
      if (r[0][1].as<bool>()) throw ApiError{409, "Verifikasi dua langkah sudah aktif."};
      std::string secret = r[0][0].as<std::string>();
      std::string kode = body.contains("kode") && body["kode"].is_string() ? body["kode"].get<std::string>() : "";
      auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      auto ok = secret.empty() ? std::nullopt : auth::totp_verify(secret, kode, now, 0);
      if (!ok) throw ApiError{422, "Kode belum cocok.", {{"kode", "Kode dari aplikasi autentikator salah. Periksa jam ponsel Anda."}}};
      json codes = json::array();
      std::string hashes = "{";
      for (int i = 0; i < 8; ++i) {
        std::string c = auth::recovery_code();
        codes.push_back(c);
        hashes += (i ? "," : "") + hex(auth::sha256(auth::normalize_code(c)));
      }
      hashes += "}";
      tx.exec_params("UPDATE accounts SET totp_enabled = true, totp_last_step = $2, totp_backup = $3::text[] WHERE id = $1", a.id, *ok, hashes);
      if (a.village()) audit_in(tx, a, "akun.totp_aktif", "akun", a.id, {});
      tx.commit();
      return json_response(200, {{"kode_cadangan", codes}});
    }
    if (step == "matikan") {
      std::string sandi = body.contains("sandi") && body["sandi"].is_string() ? body["sandi"].get<std::string>() : "";
      auto r = tx.exec_params("SELECT password_hash, peran FROM accounts WHERE id = $1 FOR UPDATE", a.id);
      if (!auth::verify_password(r[0][0].as<std::string>(), sandi))
        throw ApiError{422, "Verifikasi dua langkah tetap aktif.", {{"sandi", "Kata sandi salah."}}};
      if (r[0][1].as<std::string>() == "superadmin" || r[0][1].as<std::string>() == "operator_diskominfo")
        throw ApiError{403, "Akun Diskominfo wajib memakai verifikasi dua langkah."};
      tx.exec_params("UPDATE accounts SET totp_enabled = false, totp_secret = NULL, totp_backup = '{}' WHERE id = $1", a.id);
      if (a.village()) audit_in(tx, a, "akun.totp_mati", "akun", a.id, {});
      tx.commit();
      return json_response(204, nullptr);
    }
    throw ApiError{404, "Tidak ditemukan."};
  }

  // --- village content --------------------------------------------------------
  // One write of a village: in its tenant, audited, and its cached pages dropped after commit.
  template <class F>
  Response village_write(pqxx::connection& conn, const Account& a, F&& fn) {
    Response out = db::with_tenant(conn, a.desa_id, [&](pqxx::work& tx) {
      Response r = fn(tx);
      tx.exec("SELECT pg_notify('balai_content', " + tx.quote(std::to_string(a.desa_id)) + ")");
      return r;
    });
    if (content_changed) content_changed(a.desa_id);
    return out;
  }
  template <class F>
  Response village_read(pqxx::connection& conn, const Account& a, F&& fn) {
    return db::with_tenant(conn, a.desa_id, std::forward<F>(fn));
  }

  json media_json(const pqxx::field& key, const pqxx::field& w, const pqxx::field& h) {
    if (key.is_null() || w.is_null()) return nullptr;
    std::string k = key.as<std::string>();
    return {{"key", k}, {"url", media::url(k, w.as<int>(), 640)}, {"width", w.as<int>()}, {"height", h.as<int>()}};
  }

  std::string public_origin(std::int64_t desa_id) {
    auto dir = directory.get();
    auto it = dir->by_id.find(desa_id);
    if (it == dir->by_id.end()) return "";
    return config.public_scheme + "://" + dir->primary_host(dir->desa[it->second], config.base_domain) + t_port_suffix;
  }

  json post_json(pqxx::work& tx, const Account& a, std::int64_t id) {
    auto r = tx.exec_params(
        "SELECT p.id, p.title, p.slug, p.excerpt, p.body::text, p.status, p.category_id,"
        " to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), p.cover, m.width, m.height, p.cover_alt, p.version,"
        " to_char(p.published_at AT TIME ZONE $3, 'YYYY/MM'), p.held_reason, p.author_id"
        " FROM posts p LEFT JOIN media m ON m.desa_id = p.desa_id AND m.key = p.cover WHERE p.desa_id = $1 AND p.id = $2",
        a.desa_id, id, config.time_zone);
    if (r.empty()) throw ApiError{404, "Berita tidak ditemukan."};
    const auto& row = r[0];
    std::string status = row[5].as<std::string>();
    json j = {{"id", row[0].as<std::int64_t>()}, {"judul", row[1].as<std::string>()}, {"slug", row[2].as<std::string>()},
              {"ringkasan", row[3].as<std::string>()}, {"isi", json::parse(row[4].as<std::string>())}, {"status", status},
              {"kategori_id", row[6].is_null() ? json(nullptr) : json(row[6].as<std::int64_t>())},
              {"terbit", row[7].is_null() ? json(nullptr) : json(row[7].as<std::string>())}, {"sampul", media_json(row[8], row[9], row[10])},
              {"sampul_alt", row[11].as<std::string>()}, {"versi", row[12].as<int>()}, {"url_publik", nullptr}};
    if (status == "published" && !row[13].is_null())
      j["url_publik"] = public_origin(a.desa_id) + "/berita/" + row[13].as<std::string>() + "/" + row[2].as<std::string>();
    if (status == "held") j["alasan"] = row[14].as<std::string>();
    return j;
  }

  // An ISO 8601 time from a form: a real date (else nullopt), in the regency's
  // zone when no offset is given; returned in UTC.
  std::optional<std::string> to_time(pqxx::work& tx, const std::string& v) {
    static const std::regex iso(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$)");
    if (!std::regex_match(v, iso)) return std::nullopt;
    const bool zoned = v.back() == 'Z' || (v.size() > 6 && (v[v.size() - 6] == '+' || v[v.size() - 6] == '-'));
    try {
      pqxx::subtransaction sub(tx, "waktu");
      auto r = zoned ? sub.exec_params("SELECT to_char($1::text::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", v)
                     : sub.exec_params("SELECT to_char(($1::text::timestamp AT TIME ZONE $2) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", v,
                                       config.time_zone);
      sub.commit();
      return r[0][0].as<std::string>();
    } catch (const pqxx::sql_error&) {
      return std::nullopt;
    }
  }

  struct PostInput {
    std::string judul, ringkasan, isi, plain, status, terbit, sampul, sampul_alt;
    std::int64_t kategori = 0;
    std::string requested;  // the status asked for when the scanner holds the post
  };

  // News going out (or to an editor) is scanned for gambling spam; a
  // suspicious post is held for Diskominfo's review instead.
  std::optional<site::Hold> scan_post(pqxx::work& tx, const Account& a, PostInput& in, const std::string& previous_doc) {
    if (in.status != "published" && in.status != "scheduled" && in.status != "pending") return std::nullopt;
    content::ScanInput s;
    s.text = in.judul + "\n" + in.ringkasan + "\n" + in.sampul_alt;
    content::collect_richtext(in.isi, s);
    std::string origin = public_origin(a.desa_id);
    s.own_host = origin.substr(origin.find("//") == std::string::npos ? 0 : origin.find("//") + 2);
    if (auto colon = s.own_host.rfind(':'); colon != std::string::npos) s.own_host.resize(colon);
    if (!previous_doc.empty()) {
      content::ScanInput before;
      before.own_host = s.own_host;
      content::collect_richtext(previous_doc, before);
      s.previous_links = content::external_links(before);
    }
    auto hold = site::scan_public_text(tx, a.desa_id, s);
    if (hold) {
      in.requested = in.status;
      in.status = "held";
    }
    return hold;
  }

  void hold_post(pqxx::work& tx, const Account& a, std::int64_t id, const PostInput& in, const site::Hold& hold) {
    tx.exec_params("UPDATE posts SET held_reason = $3 WHERE desa_id = $1 AND id = $2", a.desa_id, id, site::hold_reason(hold));
    site::record_hold(tx, a.desa_id, "berita", id, in.judul, in.plain.substr(0, 1500), hold, a.id, in.requested);
  }

  PostInput post_input(pqxx::work& tx, const Account& a, const json& body) {
    json kolom = json::object();
    PostInput in;
    in.judul = str(body, "judul", 200, kolom, true, "Judul");
    in.ringkasan = str(body, "ringkasan", 400, kolom);
    in.sampul_alt = str(body, "sampul_alt", 300, kolom);
    in.status = body.contains("status") && body["status"].is_string() ? body["status"].get<std::string>() : "draft";
    static const std::set<std::string> allowed = {"draft", "pending", "scheduled", "published"};
    if (!allowed.count(in.status)) kolom["status"] = "Status tidak dikenal.";
    else if (!a.can_publish() && in.status != "draft" && in.status != "pending")
      kolom["status"] = "Kontributor menyimpan draf atau mengajukannya untuk disetujui editor.";
    if (in.status == "scheduled") {
      in.terbit = str(body, "terbit", 40, kolom, true, "Waktu terbit");
      if (!in.terbit.empty()) {
        auto t = to_time(tx, in.terbit);
        if (!t) kolom["terbit"] = "Tanggal dan jam terbit tidak valid.";
        else if (!tx.exec_params("SELECT $1::text::timestamptz > now()", *t)[0][0].as<bool>()) kolom["terbit"] = "Waktu terbit harus di masa depan.";
        else in.terbit = *t;
      }
    }
    if (body.contains("isi") && body["isi"].is_object()) {
      in.isi = body["isi"].dump();
      if (in.isi.size() > 500000) kolom["isi"] = "Isi terlalu panjang.";
      else {
        auto rendered = content::render_richtext(in.isi);
        in.plain = rendered.plain;
        if (!rendered.valid || body["isi"].value("type", "") != "doc") kolom["isi"] = "Isi berita tidak dapat dibaca: muat ulang halaman lalu coba lagi.";
        else if (in.status != "draft" && in.plain.find_first_not_of(" \n") == std::string::npos) kolom["isi"] = "Isi berita masih kosong.";
      }
    } else {
      kolom["isi"] = "Isi berita wajib diisi.";
    }
    in.kategori = num(body, "kategori_id");
    if (body.contains("kategori_id") && !body["kategori_id"].is_null() && !body["kategori_id"].is_number_integer())
      kolom["kategori_id"] = "Pilih kategori dari daftar.";
    if (body.contains("sampul") && !body["sampul"].is_null() && !body["sampul"].is_string()) kolom["sampul"] = "Foto sampul tidak valid.";
    if (in.kategori && tx.exec_params("SELECT 1 FROM categories WHERE desa_id = $1 AND id = $2", a.desa_id, in.kategori).empty())
      kolom["kategori_id"] = "Kategori tidak ditemukan.";
    if (body.contains("sampul") && body["sampul"].is_string() && !body["sampul"].get<std::string>().empty()) {
      in.sampul = body["sampul"].get<std::string>();
      if (!media::valid_key(in.sampul) || tx.exec_params("SELECT 1 FROM media WHERE desa_id = $1 AND key = $2", a.desa_id, in.sampul).empty())
        kolom["sampul"] = "Foto sampul tidak ditemukan: unggah ulang.";
    }
    if (!kolom.empty()) throw ApiError{422, "Belum bisa disimpan: periksa isian yang ditandai.", kolom};
    return in;
  }

  std::string unique_slug(pqxx::work& tx, const Account& a, const std::string& title) {
    std::string base = wilayah::slugify(title).substr(0, 100);
    while (!base.empty() && base.back() == '-') base.pop_back();
    if (base.empty()) base = "berita";
    std::string slug = base;
    for (int n = 2; !tx.exec_params("SELECT 1 FROM posts WHERE desa_id = $1 AND slug = $2 UNION ALL SELECT 1 FROM post_old_slugs WHERE desa_id = $1 AND slug = $2",
                                    a.desa_id, slug).empty(); ++n)
      slug = base + "-" + std::to_string(n);
    return slug;
  }

  static constexpr const char* kPublishedAt =
      "CASE WHEN $8::text = 'scheduled' THEN $9::timestamptz WHEN $8::text = 'published' THEN coalesce(CASE WHEN published_at <= now() THEN published_at END, now()) ELSE published_at END";

  Response berita(pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
    const std::string& m = req.method;
    if (parts.size() == 2 && m == "GET") {
      return village_read(conn, a, [&](pqxx::work& tx) {
        std::string status = query_param(req.query, "status");
        static const std::set<std::string> known = {"draft", "pending", "scheduled", "published", "held", "trash"};
        if (!status.empty() && !known.count(status)) throw ApiError{422, "Status tidak dikenal."};
        int halaman = std::max(1, std::atoi(query_param(req.query, "halaman").substr(0, 5).c_str()));
        std::string where = status.empty() ? " AND status <> 'trash'" : " AND status = " + tx.quote(status);
        auto total = tx.exec_params("SELECT count(*) FROM posts WHERE desa_id = $1" + where, a.desa_id)[0][0].as<int>();
        json items = json::array();
        for (const auto& r : tx.exec_params(
                 "SELECT id, title, status, to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                 " to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), author_name, held_reason FROM posts"
                 " WHERE desa_id = $1" + where + " ORDER BY updated_at DESC, id DESC LIMIT 20 OFFSET $2",
                 a.desa_id, (halaman - 1) * 20)) {
          json it = {{"id", r[0].as<std::int64_t>()}, {"judul", r[1].as<std::string>()}, {"status", r[2].as<std::string>()},
                     {"terbit", r[3].is_null() ? json(nullptr) : json(r[3].as<std::string>())}, {"diubah", r[4].as<std::string>()},
                     {"penulis", r[5].as<std::string>()}};
          if (it["status"] == "held") it["alasan"] = r[6].as<std::string>();
          items.push_back(it);
        }
        return json_response(200, {{"item", items}, {"total", total}, {"halaman", halaman}, {"per_halaman", 20}});
      });
    }
    if (parts.size() == 2 && m == "POST") {
      return village_write(conn, a, [&](pqxx::work& tx) {
        PostInput in = post_input(tx, a, body);
        auto hold = scan_post(tx, a, in, "");
        std::string slug = unique_slug(tx, a, in.judul);
        auto r = tx.exec_params(
            "INSERT INTO posts (desa_id, slug, title, excerpt, body, body_text, category_id, status, published_at, cover, cover_alt, author_name, author_id)"
            " VALUES ($1, $2, $3, $4, $5::jsonb, $6, NULLIF($7::bigint, 0), $8::text, CASE WHEN $8::text = 'scheduled' THEN $9::timestamptz WHEN $8::text = 'published' THEN now() END,"
            " NULLIF($10, ''), $11, $12, $13) RETURNING id",
            a.desa_id, slug, in.judul, in.ringkasan, in.isi, in.plain, in.kategori, in.status, in.terbit.empty() ? std::string("now") : in.terbit,
            in.sampul, in.sampul_alt, a.nama, a.id);
        auto id = r[0][0].as<std::int64_t>();
        if (hold) hold_post(tx, a, id, in, *hold);
        audit(tx, a, "berita.buat", "berita", id, {{"judul", in.judul}, {"status", in.status}});
        return json_response(201, post_json(tx, a, id));
      });
    }
    if (parts.size() < 3) throw ApiError{404, "Tidak ditemukan."};
    std::int64_t id = std::atoll(parts[2].substr(0, 18).c_str());
    if (id <= 0) throw ApiError{404, "Berita tidak ditemukan."};
    auto own_check = [&](pqxx::work& tx) {
      auto r = tx.exec_params("SELECT status, coalesce(author_id, 0), version FROM posts WHERE desa_id = $1 AND id = $2 FOR UPDATE", a.desa_id, id);
      if (r.empty()) throw ApiError{404, "Berita tidak ditemukan."};
      const std::string st = r[0][0].as<std::string>();
      if (!a.can_publish() && (r[0][1].as<std::int64_t>() != a.id || (st != "draft" && st != "pending" && st != "trash")))
        throw ApiError{403, "Kontributor hanya dapat mengubah draf miliknya sendiri."};
      return r[0];
    };
    if (parts.size() == 3 && m == "GET") return village_read(conn, a, [&](pqxx::work& tx) { return json_response(200, post_json(tx, a, id)); });
    if (parts.size() == 3 && m == "PUT") {
      return village_write(conn, a, [&](pqxx::work& tx) {
        auto cur = own_check(tx);
        if (cur[0].as<std::string>() == "trash") throw ApiError{409, "Berita ini ada di sampah: pulihkan dulu."};
        if (!body.contains("versi") || !body["versi"].is_number_integer())
          throw ApiError{422, "Versi berita tidak dikirim: muat ulang halaman."};
        if (num(body, "versi") != cur[2].as<int>())
          throw ApiError{409, "Berita ini sudah diubah orang lain sejak Anda membukanya. Muat ulang untuk melihat versi terbaru."};
        PostInput in = post_input(tx, a, body);
        std::optional<site::Hold> hold;
        if (cur[0].as<std::string>() == "held") in.status = "held";  // released by Diskominfo's review, not by an edit
        else hold = scan_post(tx, a, in, tx.exec_params("SELECT body::text FROM posts WHERE desa_id = $1 AND id = $2", a.desa_id, id)[0][0].as<std::string>());
        tx.exec_params("INSERT INTO post_revisions (desa_id, post_id, actor, title, excerpt, body) SELECT desa_id, id, $3, title, excerpt, body"
                       " FROM posts WHERE desa_id = $1 AND id = $2", a.desa_id, id, a.username);
        tx.exec_params(std::string("UPDATE posts SET title = $3, excerpt = $4, body = $5::jsonb, body_text = $6, category_id = NULLIF($7::bigint, 0), status = $8::text,"
                       " published_at = ") + kPublishedAt + ", cover = NULLIF($10, ''), cover_alt = $11, version = version + 1, updated_at = now(),"
                       " held_reason = CASE WHEN $8::text = 'held' THEN held_reason ELSE '' END WHERE desa_id = $1 AND id = $2",
                       a.desa_id, id, in.judul, in.ringkasan, in.isi, in.plain, in.kategori, in.status,
                       in.terbit.empty() ? std::string("now") : in.terbit, in.sampul, in.sampul_alt);
        if (hold) hold_post(tx, a, id, in, *hold);
        audit(tx, a, "berita.ubah", "berita", id, {{"judul", in.judul}, {"status", in.status}});
        return json_response(200, post_json(tx, a, id));
      });
    }
    if (parts.size() == 3 && m == "DELETE") {
      return village_write(conn, a, [&](pqxx::work& tx) {
        if (own_check(tx)[0].as<std::string>() == "trash") throw ApiError{409, "Berita ini sudah ada di sampah."};
        tx.exec_params("UPDATE posts SET status = 'trash', trashed_at = now(), updated_at = now(), version = version + 1 WHERE desa_id = $1 AND id = $2",
                       a.desa_id, id);
        audit(tx, a, "berita.buang", "berita", id);
        return json_response(204, nullptr);
      });
    }
    if (parts.size() == 4 && parts[3] == "pulihkan" && m == "POST") {
      return village_write(conn, a, [&](pqxx::work& tx) {
        auto cur = own_check(tx);
        if (cur[0].as<std::string>() != "trash") throw ApiError{409, "Berita ini tidak ada di sampah."};
        tx.exec_params("UPDATE posts SET status = 'draft', trashed_at = NULL, updated_at = now(), version = version + 1 WHERE desa_id = $1 AND id = $2",
                       a.desa_id, id);
        audit(tx, a, "berita.pulihkan", "berita", id);
        return json_response(204, nullptr);
      });
    }
    if (parts.size() >= 4 && parts[3] == "revisi" && m == "GET") {
      return village_read(conn, a, [&](pqxx::work& tx) {
        if (tx.exec_params("SELECT 1 FROM posts WHERE desa_id = $1 AND id = $2", a.desa_id, id).empty()) throw ApiError{404, "Berita tidak ditemukan."};
        if (parts.size() == 4) {
          json out = json::array();
          for (const auto& r : tx.exec_params("SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), actor FROM post_revisions"
                                              " WHERE desa_id = $1 AND post_id = $2 ORDER BY at DESC, id DESC LIMIT 50", a.desa_id, id))
            out.push_back({{"id", r[0].as<std::int64_t>()}, {"dibuat", r[1].as<std::string>()}, {"oleh", r[2].as<std::string>()}});
          return json_response(200, out);
        }
        auto r = tx.exec_params("SELECT title, excerpt, body::text FROM post_revisions WHERE desa_id = $1 AND post_id = $2 AND id = $3", a.desa_id, id,
                                std::atoll(parts[4].substr(0, 18).c_str()));
        if (r.empty()) throw ApiError{404, "Revisi tidak ditemukan."};
        return json_response(200, {{"judul", r[0][0].as<std::string>()}, {"ringkasan", r[0][1].as<std::string>()}, {"isi", json::parse(r[0][2].as<std::string>())}});
      });
    }
    if (parts.size() == 4 && parts[3] == "pratinjau" && m == "POST") {
      return village_read(conn, a, [&](pqxx::work& tx) {
        own_check(tx);
        auto exp = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() + 1800;
        return json_response(200, {{"url", public_origin(a.desa_id) + "/pratinjau/" + std::to_string(id) + "?t=" +
                                               site::preview_signature(config.secret, a.desa_id, id, exp)}});
      });
    }
    throw ApiError{404, "Tidak ditemukan."};
  }

  Response agenda(pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
    auto input = [&](pqxx::work& tx) {
      json kolom = json::object();
      std::string judul = str(body, "judul", 200, kolom, true, "Judul"), mulai = str(body, "mulai", 40, kolom, true, "Waktu mulai"),
                  selesai = str(body, "selesai", 40, kolom), tempat = str(body, "tempat", 200, kolom),
                  penyelenggara = str(body, "penyelenggara", 200, kolom), keterangan = str(body, "keterangan", 4000, kolom);
      std::string status = body.contains("status") && body["status"].is_string() ? body["status"].get<std::string>()
                                                                                 : (a.can_publish() ? "published" : "draft");
      if (status != "draft" && status != "published") kolom["status"] = "Status agenda: draf atau terbit.";
      if (!a.can_publish() && status == "published") kolom["status"] = "Kontributor menyimpan agenda sebagai draf.";
      if (!mulai.empty()) {
        if (auto t = to_time(tx, mulai)) mulai = *t;
        else kolom["mulai"] = "Tanggal dan jam tidak valid.";
      }
      if (!selesai.empty()) {
        if (auto t = to_time(tx, selesai)) selesai = *t;
        else kolom["selesai"] = "Tanggal dan jam tidak valid.";
      }
      if (kolom.empty() && !selesai.empty() && tx.exec_params("SELECT $1::timestamptz >= $2::timestamptz", selesai, mulai)[0][0].as<bool>() == false)
        kolom["selesai"] = "Waktu selesai harus setelah waktu mulai.";
      if (!kolom.empty()) throw ApiError{422, "Belum bisa disimpan: periksa isian yang ditandai.", kolom};
      return std::vector<std::string>{judul, mulai, selesai, tempat, penyelenggara, keterangan, status};
    };
    const std::string cols = "id, title, to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                             " to_char(ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), place, organiser, description, status";
    auto row_json = [](const pqxx::row& r) {
      return json{{"id", r[0].as<std::int64_t>()}, {"judul", r[1].as<std::string>()}, {"mulai", r[2].as<std::string>()},
                  {"selesai", r[3].is_null() ? json(nullptr) : json(r[3].as<std::string>())}, {"tempat", r[4].as<std::string>()},
                  {"penyelenggara", r[5].as<std::string>()}, {"keterangan", r[6].as<std::string>()}, {"status", r[7].as<std::string>()}};
    };
    if (parts.size() == 2 && req.method == "GET")
      return village_read(conn, a, [&](pqxx::work& tx) {
        json out = json::array();
        for (const auto& r : tx.exec_params("SELECT " + cols + " FROM agenda WHERE desa_id = $1 AND status <> 'trash' ORDER BY starts_at DESC LIMIT 200", a.desa_id))
          out.push_back(row_json(r));
        return json_response(200, out);
      });
    if (parts.size() == 2 && req.method == "POST")
      return village_write(conn, a, [&](pqxx::work& tx) {
        auto v = input(tx);
        auto r = tx.exec_params("INSERT INTO agenda (desa_id, title, starts_at, ends_at, place, organiser, description, status) VALUES"
                                " ($1, $2, $3::timestamptz, NULLIF($4, '')::timestamptz, $5, $6, $7, $8) RETURNING " + cols,
                                a.desa_id, v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        audit(tx, a, "agenda.buat", "agenda", r[0][0].as<std::int64_t>(), {{"judul", v[0]}});
        return json_response(201, row_json(r[0]));
      });
    std::int64_t id = parts.size() == 3 ? std::atoll(parts[2].substr(0, 18).c_str()) : 0;
    if (id > 0 && (req.method == "PUT" || req.method == "DELETE") && !a.can_publish())
      throw ApiError{403, "Kontributor menambah agenda sebagai draf; mengubah dan menghapus agenda dilakukan editor atau admin desa."};
    if (id > 0 && req.method == "PUT")
      return village_write(conn, a, [&](pqxx::work& tx) {
        auto v = input(tx);
        auto r = tx.exec_params("UPDATE agenda SET title = $3, starts_at = $4::timestamptz, ends_at = NULLIF($5, '')::timestamptz, place = $6,"
                                " organiser = $7, description = $8, status = $9 WHERE desa_id = $1 AND id = $2 AND status <> 'trash' RETURNING " + cols,
                                a.desa_id, id, v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        if (r.empty()) throw ApiError{404, "Agenda tidak ditemukan."};
        audit(tx, a, "agenda.ubah", "agenda", id, {{"judul", v[0]}});
        return json_response(200, row_json(r[0]));
      });
    if (id > 0 && req.method == "DELETE")
      return village_write(conn, a, [&](pqxx::work& tx) {
        if (tx.exec_params("UPDATE agenda SET status = 'trash' WHERE desa_id = $1 AND id = $2 AND status <> 'trash' RETURNING id", a.desa_id, id).empty())
          throw ApiError{404, "Agenda tidak ditemukan."};
        audit(tx, a, "agenda.buang", "agenda", id);
        return json_response(204, nullptr);
      });
    throw ApiError{404, "Tidak ditemukan."};
  }

  Response pengaturan(pqxx::connection& conn, const Request& req, const Account& a, const json& body) {
    auto media_of = [&](pqxx::work& tx, const json& settings, const char* slot) -> json {
      if (!settings.contains(slot) || !settings[slot].is_string()) return nullptr;
      auto r = tx.exec_params("SELECT key, width, height FROM media WHERE desa_id = $1 AND key = $2", a.desa_id, settings[slot].get<std::string>());
      return r.empty() ? json(nullptr) : media_json(r[0][0], r[0][1], r[0][2]);
    };
    auto current = [&](pqxx::work& tx) {
      auto r = tx.exec_params("SELECT tagline, theme, settings::text FROM site_settings WHERE desa_id = $1", a.desa_id);
      json s = json::parse(r[0][2].as<std::string>());
      return json{{"tagline", r[0][0].as<std::string>()}, {"tema", r[0][1].as<std::string>()},
                  {"warna", s.value("warna", std::string("#0b6e4f"))}, {"hero", media_of(tx, s, "hero")}, {"logo", media_of(tx, s, "logo")}};
    };
    if (req.method == "GET") return village_read(conn, a, [&](pqxx::work& tx) { return json_response(200, current(tx)); });
    if (req.method != "PUT") throw ApiError{405, "Metode tidak didukung."};
    if (a.peran != "admin_desa") throw ApiError{403, "Hanya admin desa yang dapat mengubah pengaturan situs."};
    return village_write(conn, a, [&](pqxx::work& tx) {
      json kolom = json::object();
      std::string tagline = str(body, "tagline", 300, kolom), tema = str(body, "tema", 40, kolom, true, "Tema"),
                  warna = str(body, "warna", 7, kolom, true, "Warna");
      if (!tema.empty() && tema != "balai" && tema != "pesisir") kolom["tema"] = "Tema tidak dikenal.";
      if (!std::regex_match(warna, std::regex("^#[0-9a-fA-F]{6}$"))) kolom["warna"] = "Warna ditulis seperti #0b6e4f.";
      json settings = json::parse(tx.exec_params("SELECT settings::text FROM site_settings WHERE desa_id = $1", a.desa_id)[0][0].as<std::string>());
      settings["warna"] = warna;
      for (const char* slot : {"hero", "logo"}) {
        if (!body.contains(slot) || body[slot].is_null()) {
          settings.erase(slot);
          continue;
        }
        std::string key = body[slot].is_string() ? body[slot].get<std::string>() : "";
        if (!media::valid_key(key) || tx.exec_params("SELECT 1 FROM media WHERE desa_id = $1 AND key = $2", a.desa_id, key).empty())
          kolom[slot] = "Gambar tidak ditemukan: unggah ulang.";
        else
          settings[slot] = key;
      }
      if (!kolom.empty()) throw ApiError{422, "Belum bisa disimpan: periksa isian yang ditandai.", kolom};
      tx.exec_params("UPDATE site_settings SET tagline = $2, theme = $3, settings = $4::jsonb, updated_at = now() WHERE desa_id = $1", a.desa_id,
                     tagline, tema, settings.dump());
      audit(tx, a, "pengaturan.ubah", "situs", 0, {{"tema", tema}, {"warna", warna}});
      return json_response(200, current(tx));
    });
  }

  Response unggah(pqxx::connection& conn, const Request& req, const Account& a) {
    json kolom = json::object();
    std::string alt = query_param(req.query, "alt");
    if (utf8_length(alt) > 300) throw ApiError{422, "Keterangan gambar terlalu panjang (maksimal 300 karakter)."};
    village_read(conn, a, [&](pqxx::work& tx) {
      check_quota(tx, a.desa_id, static_cast<std::int64_t>(req.body.size()), config.storage_quota);
      return Response{};
    });
    media::Stored st;
    try {
      st = media::ingest(config.media_dir, a.desa_id, req.body);
    } catch (const media::Rejected& e) {
      throw ApiError{422, e.what()};
    }
    return village_write(conn, a, [&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO media (desa_id, key, width, height, bytes, alt) VALUES ($1, $2, $3, $4, $5, $6)"
                     " ON CONFLICT (desa_id, key) DO UPDATE SET alt = CASE WHEN excluded.alt <> '' THEN excluded.alt ELSE media.alt END",
                     a.desa_id, st.key, st.width, st.height, st.bytes, alt);
      audit(tx, a, "media.unggah", "media", 0, {{"key", st.key}, {"bytes", st.bytes}});
      return json_response(201, {{"key", st.key}, {"url", media::url(st.key, st.width, 640)}, {"width", st.width}, {"height", st.height}});
    });
  }

  Response layanan(pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
    if (!a.can_publish()) throw ApiError{403, "Kiriman warga (berisi nama dan kontak) hanya dibuka editor atau admin desa."};
    if (parts.size() == 2 && req.method == "GET")
      return village_read(conn, a, [&](pqxx::work& tx) {
        json out = json::array();
        for (const auto& r : tx.exec_params("SELECT id, jenis, kode_lacak, nama, kontak, isi, status, jawaban,"
                                            " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM layanan"
                                            " WHERE desa_id = $1 ORDER BY (status IN ('diterima', 'diproses')) DESC, created_at DESC LIMIT 200", a.desa_id))
          out.push_back({{"id", r[0].as<std::int64_t>()}, {"jenis", r[1].as<std::string>()}, {"kode", r[2].as<std::string>()},
                         {"nama", r[3].as<std::string>()}, {"kontak", r[4].as<std::string>()}, {"isi", r[5].as<std::string>()},
                         {"status", r[6].as<std::string>()}, {"jawaban", r[7].as<std::string>()}, {"dibuat", r[8].as<std::string>()}});
        return json_response(200, out);
      });
    std::int64_t id = parts.size() == 3 ? std::atoll(parts[2].substr(0, 18).c_str()) : 0;
    if (id > 0 && req.method == "PUT") {
      if (!a.can_publish()) throw ApiError{403, "Hanya editor atau admin desa yang menjawab layanan warga."};
      return village_write(conn, a, [&](pqxx::work& tx) {
        json kolom = json::object();
        std::string status = str(body, "status", 20, kolom, true, "Status"), jawaban = str(body, "jawaban", 4000, kolom);
        static const std::set<std::string> known = {"diterima", "diproses", "selesai", "ditolak"};
        if (!known.count(status)) kolom["status"] = "Status tidak dikenal.";
        if ((status == "selesai" || status == "ditolak") && jawaban.empty()) kolom["jawaban"] = "Tuliskan jawaban untuk warga.";
        if (!kolom.empty()) throw ApiError{422, "Belum bisa disimpan: periksa isian yang ditandai.", kolom};
        if (tx.exec_params("UPDATE layanan SET status = $3, jawaban = $4 WHERE desa_id = $1 AND id = $2 RETURNING id", a.desa_id, id, status, jawaban).empty())
          throw ApiError{404, "Kiriman tidak ditemukan."};
        audit(tx, a, "layanan.jawab", "layanan", id, {{"status", status}});
        return json_response(200, {{"id", id}, {"status", status}, {"jawaban", jawaban}});
      });
    }
    throw ApiError{404, "Tidak ditemukan."};
  }

  Response komentar(pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
    if (parts.size() == 2 && req.method == "GET")
      return village_read(conn, a, [&](pqxx::work& tx) {
        std::string status = query_param(req.query, "status");
        if (status.empty()) status = "pending";
        if (status == "rejected") status = "trash";
        if (status != "pending" && status != "approved" && status != "trash" && status != "spam") throw ApiError{422, "Status komentar tidak dikenal."};
        json out = json::array();
        for (const auto& r : tx.exec_params("SELECT c.id, p.title, c.nama, c.isi, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), c.status"
                                            " FROM comments c JOIN posts p ON p.desa_id = c.desa_id AND p.id = c.post_id"
                                            " WHERE c.desa_id = $1 AND c.status = $2 ORDER BY c.created_at DESC LIMIT 200", a.desa_id, status))
          out.push_back({{"id", r[0].as<std::int64_t>()}, {"berita_judul", r[1].as<std::string>()}, {"nama", r[2].as<std::string>()},
                         {"isi", r[3].as<std::string>()}, {"dibuat", r[4].as<std::string>()},
                         {"status", r[5].as<std::string>() == "trash" ? std::string("rejected") : r[5].as<std::string>()}});
        return json_response(200, out);
      });
    std::int64_t id = parts.size() == 3 ? std::atoll(parts[2].substr(0, 18).c_str()) : 0;
    if (id > 0 && req.method == "PUT") {
      if (!a.can_publish()) throw ApiError{403, "Hanya editor atau admin desa yang memoderasi komentar."};
      std::string status = body.contains("status") && body["status"].is_string() ? body["status"].get<std::string>() : "";
      if (status == "rejected") status = "trash";
      if (status != "approved" && status != "trash" && status != "spam") throw ApiError{422, "Status komentar tidak dikenal."};
      return village_write(conn, a, [&](pqxx::work& tx) {
        if (tx.exec_params("UPDATE comments SET status = $3 WHERE desa_id = $1 AND id = $2 RETURNING id", a.desa_id, id, status).empty())
          throw ApiError{404, "Komentar tidak ditemukan."};
        audit(tx, a, "komentar." + status, "komentar", id);
        return json_response(200, {{"id", id}, {"status", status == "trash" ? "rejected" : status}});
      });
    }
    throw ApiError{404, "Tidak ditemukan."};
  }

  Response pengguna(pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
    if (a.peran != "admin_desa") throw ApiError{403, "Hanya admin desa yang mengelola pengguna."};
    if (parts.size() == 2 && req.method == "GET") {
      pqxx::work tx(conn);
      json out = json::array();
      for (const auto& r : tx.exec_params("SELECT id, username, nama, peran, disabled, locked_until IS NOT NULL AND locked_until > now(),"
                                          " to_char(last_login_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), email"
                                          " FROM accounts WHERE desa_id = $1 ORDER BY peran, username", a.desa_id))
        out.push_back({{"id", r[0].as<std::int64_t>()}, {"username", r[1].as<std::string>()}, {"nama", r[2].as<std::string>()},
                       {"peran", r[3].as<std::string>()}, {"nonaktif", r[4].as<bool>()}, {"terkunci", r[5].as<bool>()},
                       {"login_terakhir", r[6].is_null() ? json(nullptr) : json(r[6].as<std::string>())}, {"email", r[7].as<std::string>()}});
      tx.commit();
      return json_response(200, out);
    }
    if (parts.size() == 2 && req.method == "POST") {
      json kolom = json::object();
      std::string username = str(body, "username", 40, kolom, true, "Nama pengguna"), nama = str(body, "nama", 120, kolom, true, "Nama"),
                  peran = str(body, "peran", 20, kolom, true, "Peran");
      std::string email = valid_email(str(body, "email", 200, kolom), kolom, "email");
      if (!peran.empty() && !village_roles().count(peran)) kolom["peran"] = "Peran tidak dikenal.";
      if (!kolom.empty()) throw ApiError{422, "Belum bisa disimpan: periksa isian yang ditandai.", kolom};
      pqxx::work tx(conn);
      NewAccount created;
      try {
        created = create_account(tx, username, nama, peran, a.desa_id, 0);
      } catch (const AccountError& e) {
        throw ApiError{422, e.what(), {{e.field, e.what()}}};
      }
      tx.exec_params("UPDATE accounts SET email = $2 WHERE id = $1", created.id, email);
      audit_in(tx, a, "pengguna.buat", "akun", created.id, {{"username", username}, {"peran", peran}});
      tx.commit();
      return json_response(201, {{"id", created.id}, {"sandi_sementara", created.temporary_password}});
    }
    std::int64_t id = parts.size() >= 3 ? std::atoll(parts[2].substr(0, 18).c_str()) : 0;
    pqxx::work tx(conn);
    auto target = tx.exec_params("SELECT username, peran FROM accounts WHERE id = $1 AND desa_id = $2 FOR UPDATE", id, a.desa_id);
    if (target.empty()) throw ApiError{404, "Pengguna tidak ditemukan."};  // another village's account looks like none at all
    if (parts.size() == 3 && req.method == "PUT") {
      json kolom = json::object();
      std::string nama = str(body, "nama", 120, kolom, true, "Nama"), peran = str(body, "peran", 20, kolom, true, "Peran");
      const bool has_email = body.contains("email");
      std::string email = valid_email(str(body, "email", 200, kolom), kolom, "email");
      if (!body.contains("nonaktif") || !body["nonaktif"].is_boolean()) kolom["nonaktif"] = "Pilih aktif atau nonaktif.";
      bool nonaktif = body.contains("nonaktif") && body["nonaktif"].is_boolean() && body["nonaktif"].get<bool>();
      if (!peran.empty() && !village_roles().count(peran)) kolom["peran"] = "Peran tidak dikenal.";
      if (id == a.id && (nonaktif || peran != "admin_desa")) kolom["peran"] = "Anda tidak dapat menonaktifkan atau menurunkan akun Anda sendiri.";
      if (id != a.id && target[0][1].as<std::string>() == "admin_desa" && has_email &&
          tx.exec_params("SELECT email <> $2 FROM accounts WHERE id = $1", id, email)[0][0].as<bool>())
        throw ApiError{403, "Email pemulihan admin desa lain diubah oleh pemiliknya atau Diskominfo."};
      if (id != a.id && target[0][1].as<std::string>() == "admin_desa" && (nonaktif || peran != "admin_desa"))
        throw ApiError{403, "Peran dan status admin desa lain diubah oleh Diskominfo."};
      if (!kolom.empty()) throw ApiError{422, "Belum bisa disimpan: periksa isian yang ditandai.", kolom};
      tx.exec_params("UPDATE accounts SET nama = $2, peran = $3, disabled = $4, email = CASE WHEN $5 THEN $6 ELSE email END WHERE id = $1", id, nama,
                     peran, nonaktif, has_email, email);
      if (nonaktif) tx.exec_params("DELETE FROM sessions WHERE account_id = $1", id);
      audit_in(tx, a, nonaktif ? "pengguna.nonaktifkan" : "pengguna.ubah", "akun", id, {{"peran", peran}});
      tx.commit();
      return json_response(200, {{"id", id}, {"nama", nama}, {"peran", peran}, {"nonaktif", nonaktif}});
    }
    if (parts.size() == 4 && parts[3] == "buka-kunci" && req.method == "POST") {
      tx.exec_params("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1", id);
      audit_in(tx, a, "pengguna.buka_kunci", "akun", id, {});
      tx.commit();
      return json_response(204, nullptr);
    }
    if (parts.size() == 4 && parts[3] == "kode-pemulihan" && req.method == "POST") {
      if (target[0][1].as<std::string>() == "admin_desa" && id != a.id)
        throw ApiError{403, "Kode pemulihan untuk admin desa lain dibuat oleh Diskominfo."};
      auto code = issue_recovery_code(tx, id, a.id);
      audit_in(tx, a, "pengguna.kode_pemulihan", "akun", id, {});
      auto until = tx.exec("SELECT to_char((now() + interval '24 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")[0][0].as<std::string>();
      tx.commit();
      return json_response(200, {{"kode", code}, {"berlaku_sampai", until}});
    }
    throw ApiError{404, "Tidak ditemukan."};
  }

  Response ringkasan(pqxx::connection& conn, const Account& a) {
    return village_read(conn, a, [&](pqxx::work& tx) {
      auto r = tx.exec_params(
          "SELECT (SELECT count(*) FROM posts WHERE desa_id = $1 AND status = 'published'),"
          " (SELECT count(*) FROM posts WHERE desa_id = $1 AND status = 'draft'),"
          " (SELECT count(*) FROM posts WHERE desa_id = $1 AND status = 'pending'),"
          " (SELECT count(*) FROM layanan WHERE desa_id = $1 AND status = 'diterima'),"
          " (SELECT to_char(max(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM posts WHERE desa_id = $1),"
          " (SELECT count(*) FROM comments WHERE desa_id = $1 AND status = 'pending'),"
          // Langkah awal: what a new village site needs first.
          " (SELECT tagline NOT LIKE 'Website resmi %' AND tagline <> '' FROM site_settings WHERE desa_id = $1),"
          " EXISTS (SELECT 1 FROM pages WHERE desa_id = $1 AND slot = 'sejarah' AND status = 'published' AND length(body_text) > 40),"
          " EXISTS (SELECT 1 FROM site_settings WHERE desa_id = $1 AND settings ? 'logo'),"
          " EXISTS (SELECT 1 FROM perangkat WHERE desa_id = $1),"
          " EXISTS (SELECT 1 FROM posts WHERE desa_id = $1 AND status = 'published' AND cover IS NOT NULL)",
          a.desa_id);
      json langkah = json::array();
      int col = 6;
      for (auto [kunci, judul, tautan] : std::initializer_list<std::tuple<const char*, const char*, const char*>>{
               {"profil", "Lengkapi profil dan slogan desa", "#/pengaturan"}, {"sejarah", "Tulis sejarah desa", "#/profil"},
               {"logo", "Pasang logo desa", "#/pengaturan"}, {"perangkat", "Isi daftar perangkat desa", "#/data/perangkat"},
               {"berita", "Terbitkan berita pertama dengan foto", "#/berita/baru"}})
      {
        const bool done = !r[0][col].is_null() && r[0][col].as<bool>();
        ++col;
        langkah.push_back({{"kunci", kunci}, {"judul", judul}, {"tautan", tautan}, {"selesai", done}});
      }
      auto dir = directory.get();
      auto found = dir->by_id.find(a.desa_id);
      if (found == dir->by_id.end()) throw ApiError{404, "Desa tidak ditemukan."};
      const auto& d = dir->desa[found->second];
      return json_response(200, {{"desa", {{"label", (d.jenis == "kelurahan" ? "Kelurahan " : "Desa ") + d.nama}, {"url", public_origin(a.desa_id) + "/"}}},
                                 {"berita_terbit", r[0][0].as<int>()}, {"draf", r[0][1].as<int>()}, {"menunggu", r[0][2].as<int>()},
                                 {"layanan_baru", r[0][3].as<int>()}, {"komentar_baru", r[0][5].as<int>()}, {"langkah_awal", langkah},
                                 {"terakhir_diubah", r[0][4].is_null() ? json(nullptr) : json(r[0][4].as<std::string>())}});
    });
  }

  // --- dispatch ---------------------------------------------------------------
  Response api(pqxx::connection& conn, const Request& req, const http::Context& ctx) {
    std::vector<std::string> parts;  // "/api/berita/12" -> {"api", "berita", "12"}
    for (std::size_t at = 1; at <= req.path.size();) {
      auto slash = req.path.find('/', at);
      if (slash == std::string::npos) slash = req.path.size();
      if (slash > at) parts.push_back(req.path.substr(at, slash - at));
      at = slash + 1;
      if (parts.size() > 7) throw ApiError{404, "Tidak ditemukan."};
    }
    const std::string what = parts.size() > 1 ? parts[1] : "";
    json body = json::object();
    bool json_body = req.method == "POST" || req.method == "PUT" || (req.method == "DELETE" && !req.body.empty());
    const bool csv_body = what == "konsol" && parts.size() == 4 && (parts[2] == "wilayah" || (parts[2] == "desa" && parts[3] == "impor"));
    if (json_body && what != "media" && what != "dokumen" && !csv_body && !req.body.empty()) {
      if (!req.content_type.starts_with("application/json")) throw ApiError{415, "Kirim data sebagai JSON (Content-Type: application/json)."};
      body = json::parse(req.body.empty() ? std::string("{}") : req.body, nullptr, false);
      if (!body.is_object()) throw ApiError{400, "Data yang dikirim bukan JSON yang valid."};
    }
    if (what == "masuk" && req.method == "POST") return masuk(conn, req, ctx, body);
    if (what == "pulihkan" && req.method == "POST") return pulihkan(conn, req, ctx, body);
    if (what == "lupa-sandi" && req.method == "POST") return lupa_sandi(conn, body);

    auto acc = load_session(conn, cookie_value(req.cookie, kCookie));
    if (!acc) throw ApiError{401, "Sesi Anda sudah berakhir. Silakan masuk lagi."};
    if (req.method != "GET" && req.method != "HEAD") {
      // CSRF: the token from the session, and the browser's Origin when it sends one.
      if (!auth::equal_constant_time(req.csrf_token, acc->csrf)) throw ApiError{403, "Permintaan ditolak (token keamanan tidak cocok). Muat ulang halaman."};
      if (!req.origin.empty() && req.origin != origin() + t_port_suffix) throw ApiError{403, "Permintaan ditolak: asal permintaan tidak dikenal."};
    }
    if (what == "sesi" && req.method == "GET") {
      pqxx::work tx(conn);
      return json_response(200, session_body(tx, *acc));
    }
    if (what == "keluar" && req.method == "POST") {
      pqxx::work tx(conn);
      tx.exec_params("DELETE FROM sessions WHERE token_hash = $1", pqxx::binarystring(acc->token_hash));
      tx.commit();
      Response r = json_response(204, nullptr);
      r.set("Set-Cookie", session_cookie("", true));
      return r;
    }
    if (what == "keluar-semua" && req.method == "POST") {
      pqxx::work tx(conn);
      tx.exec_params("DELETE FROM sessions WHERE account_id = $1", acc->id);
      if (acc->village()) audit_in(tx, *acc, "akun.keluar_semua", "akun", acc->id, {});
      tx.commit();
      Response r = json_response(204, nullptr);
      r.set("Set-Cookie", session_cookie("", true));
      return r;
    }
    if (what == "sandi" && req.method == "POST") return sandi(conn, *acc, body);
    if (what == "akun" && parts.size() == 2 && req.method == "PUT") {
      json kolom = json::object();
      if (!body.contains("email")) kolom["email"] = "Tulis alamat email (kosongkan isinya untuk menghapus).";
      std::string email = valid_email(str(body, "email", 200, kolom), kolom, "email");
      if (!kolom.empty()) throw ApiError{422, "Email belum bisa disimpan.", kolom};
      pqxx::work tx(conn);
      tx.exec_params("UPDATE accounts SET email = $2 WHERE id = $1", acc->id, email);
      if (acc->village()) audit_in(tx, *acc, "akun.email", "akun", acc->id, {});
      tx.commit();
      return json_response(200, {{"email", email}});
    }
    if (acc->must_change) throw ApiError{403, "Ganti dulu kata sandi sementara Anda."};
    if (what == "totp" && parts.size() == 3 && req.method == "POST") return totp(conn, *acc, parts[2], body);
    if (acc->diskominfo() && !acc->totp)
      throw ApiError{403, "Akun Diskominfo wajib memakai verifikasi dua langkah: aktifkan dulu di Akun saya.", json::object(), {{"perlu_totp_daftar", true}}};
    if (what == "konsol" && parts.size() == 3 && parts[2] == "selesai-menyamar" && req.method == "POST") {
      pqxx::work tx(conn);
      tx.exec_params("UPDATE sessions SET as_desa = NULL, as_until = NULL, as_reason = NULL WHERE token_hash = $1", pqxx::binarystring(acc->token_hash));
      if (!acc->impersonator.empty())
        tx.exec_params("INSERT INTO support_audit (actor, desa_id, action) VALUES ($1, $2, 'masuk_sebagai.selesai')", acc->username, acc->desa_id);
      tx.commit();
      return json_response(204, nullptr);
    }
    if (what == "konsol") {
      if (!acc->impersonator.empty()) throw ApiError{409, "Akhiri dulu mode masuk sebagai desa untuk membuka konsol."};
      if (acc->village()) throw ApiError{403, "Konsol hanya untuk akun Diskominfo dan pemantau kecamatan."};
      return console_api(console, conn, req, *acc, parts, body);
    }
    if (!acc->village()) throw ApiError{403, "Akun ini akun Diskominfo: buka konsol, atau masuk sebagai desa dari halaman desa."};
    if (req.method != "GET" && req.method != "HEAD" && acc->impersonator.empty()) {
      auto dir = directory.get();
      if (const auto* d = dir->find(acc->desa_id); d && d->status == "archived")
        throw ApiError{403, "Website desa ini diarsipkan oleh Diskominfo: isinya hanya dapat dibaca."};
    }
    if (what == "tiket" || what == "pemberitahuan") return support_api(console, conn, req, *acc, parts, body);
    if (what == "ringkasan" && req.method == "GET") return ringkasan(conn, *acc);
    if (what == "audit" && parts.size() == 2 && req.method == "GET") {
      if (acc->peran != "admin_desa") throw ApiError{403, "Catatan aktivitas dibuka oleh admin desa."};
      return village_read(conn, *acc, [&](pqxx::work& tx) {
        std::int64_t halaman = std::max<std::int64_t>(1, parse_id(query_param(req.query, "halaman")));
        json items = json::array();
        for (const auto& r : tx.exec_params("SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), actor, impersonator, action, object,"
                                            " object_id, asal FROM audit_log WHERE desa_id = $1 ORDER BY at DESC, id DESC LIMIT 50 OFFSET $2",
                                            acc->desa_id, (halaman - 1) * 50))
          items.push_back({{"waktu", r[0].as<std::string>()}, {"oleh", r[1].as<std::string>()},
                           {"atas_nama", r[2].is_null() ? json(nullptr) : json(r[2].as<std::string>())}, {"aksi", r[3].as<std::string>()},
                           {"objek", r[4].as<std::string>()}, {"objek_id", r[5].is_null() ? json(nullptr) : json(r[5].as<std::int64_t>())},
                           {"asal", r[6].as<std::string>().empty() ? "" : "perangkat " + r[6].as<std::string>().substr(0, 6)}});
        return json_response(200, {{"item", items}, {"halaman", halaman}, {"per_halaman", 50}});
      });
    }
    if (what == "berita") return berita(conn, req, *acc, parts, body);
    if (what == "agenda") return agenda(conn, req, *acc, parts, body);
    if (what == "pengaturan" && parts.size() == 2) return pengaturan(conn, req, *acc, body);
    if (what == "layanan") return layanan(conn, req, *acc, parts, body);
    if (what == "komentar") return komentar(conn, req, *acc, parts, body);
    if (what == "pengguna") return pengguna(conn, req, *acc, parts, body);
    if (what == "media" && parts.size() == 2 && req.method == "POST") return unggah(conn, req, *acc);
    if (what == "data" || what == "halaman" || what == "dokumen") {
      bool changed = false;
      Response r = db::with_tenant(conn, acc->desa_id, [&](pqxx::work& tx) {
        if (what == "dokumen" && req.method == "POST") check_quota(tx, acc->desa_id, static_cast<std::int64_t>(req.body.size()), config.storage_quota);
        Response out = village_data(tx, req, *acc, parts, body, changed, public_origin(acc->desa_id));
        if (changed) tx.exec("SELECT pg_notify('balai_content', " + tx.quote(std::to_string(acc->desa_id)) + ")");
        return out;
      });
      if (changed && content_changed) content_changed(acc->desa_id);
      return r;
    }
    if (what == "kategori" && parts.size() == 2 && req.method == "GET")
      return village_read(conn, *acc, [&](pqxx::work& tx) {
        json out = json::array();
        for (const auto& r : tx.exec_params("SELECT id, nama, slug FROM categories WHERE desa_id = $1 ORDER BY nama", acc->desa_id))
          out.push_back({{"id", r[0].as<std::int64_t>()}, {"nama", r[1].as<std::string>()}, {"slug", r[2].as<std::string>()}});
        return json_response(200, out);
      });
    throw ApiError{404, "Tidak ditemukan."};
  }
};

Admin::Admin(AdminConfig config, DirectoryStore& directory, db::Pool& pool, std::function<void(std::int64_t)> content_changed)
    : impl_(std::make_unique<Impl>(std::move(config), directory, pool, std::move(content_changed))) {}
Admin::~Admin() = default;

bool Admin::serves(std::string_view host) const { return host == impl_->admin_host; }

std::size_t Admin::body_limit(std::string_view target) {
  if (target.starts_with("/api/media")) return media::kMaxUploadBytes + 1024;
  if (target.starts_with("/api/dokumen")) return (10u << 20) + 1024;
  if (target.starts_with("/api/konsol/wilayah/")) return 16u << 20;  // the national kode file (about 3 MB)
  if (target == "/api/konsol/desa/impor") return 200u << 20;         // a village archive with its pictures
  if (target.starts_with("/api/")) return 1u << 20;
  return 64 * 1024;
}

void Admin::handle(Request&& req, http::Context& ctx, Respond respond) {
  auto& im = *impl_;
  const std::string suffix = host_port_suffix(req.host);
  if (req.path.starts_with("/media/") && (req.method == "GET" || req.method == "HEAD")) {
    // Pictures for the editor's previews: from the signed-in account's own village.
    auto shared = std::make_shared<Request>(std::move(req));
    bool queued = im.pool.submit([this, shared, respond](pqxx::connection* conn) {
      Response r = error_response({404, "Gambar tidak ditemukan."});
      try {
        auto acc = conn ? impl_->load_session(*conn, cookie_value(shared->cookie, kCookie)) : std::nullopt;
        auto path = acc && acc->village() && !acc->must_change ? media::file_for(impl_->config.media_dir, acc->desa_id, shared->path) : fs::path();
        if (std::string bytes = media::read_stored(path); !bytes.empty()) {
          r = Response{};
          r.body = std::move(bytes);
          r.content_type = media::content_type(shared->path);
          r.set("Cache-Control", "private, max-age=86400");
        }
      } catch (const std::exception& e) {
        spdlog::warn("admin media {}: {}", shared->path, e.what());
      }
      admin_headers(r);
      respond(std::move(r));
    });
    if (!queued) {
      Response r = error_response({503, "Server sedang sibuk, coba lagi sebentar."});
      admin_headers(r);
      respond(std::move(r));
    }
    return;
  }
  if (!req.path.starts_with("/api/")) {
    if (req.method != "GET" && req.method != "HEAD") {
      Response r = json_response(405, {{"galat", "Metode tidak didukung."}});
      admin_headers(r);
      return respond(std::move(r));
    }
    return respond(im.static_file(req));
  }
  // Sign-in and recovery are throttled per client address before any database work.
  // Failed sign-ins and recoveries are counted per client address; past the limit, refused before any database work.
  // Changing the password (old one asked) and confirming an authenticator code
  // are guesses too: their refusals count against the same limit.
  const bool sign_in = req.path == "/api/masuk" || req.path == "/api/pulihkan" || req.path == "/api/lupa-sandi";
  const bool guess = req.path == "/api/sandi" || req.path.starts_with("/api/totp/");
  if (req.path == "/api/lupa-sandi") im.login_limiter.record(ctx.client_ip, std::chrono::steady_clock::now());  // each one may send an email
  if ((sign_in || guess) && !im.login_limiter.allow_peek(ctx.client_ip, std::chrono::steady_clock::now())) {
    Response r = error_response({429, "Terlalu banyak percobaan masuk dari perangkat ini. Tunggu 10 menit lalu coba lagi."});
    r.set("Retry-After", "600");
    r.set("Cache-Control", "no-store");
    admin_headers(r);
    return respond(std::move(r));
  }
  auto shared = std::make_shared<Request>(std::move(req));
  http::Context job_ctx = ctx;
  bool queued = im.pool.submit([this, shared, job_ctx, respond, sign_in, guess, suffix](pqxx::connection* conn) {
    t_port_suffix = suffix;
    set_request_client(impl_->client_hash(job_ctx.client_ip).substr(0, 12));
    Response r;
    if (!conn) {
      r = error_response({503, "Server sedang sibuk atau database tidak tersedia, coba lagi sebentar."});
      r.set("Retry-After", "5");
    } else {
      try {
        r = impl_->api(*conn, *shared, job_ctx);
      } catch (const ApiError& e) {
        r = error_response(e);
        if ((sign_in && (e.status == 401 || e.status == 423) && e.counted) || (guess && e.status == 422))
          impl_->login_limiter.record(job_ctx.client_ip, std::chrono::steady_clock::now());
        if (e.status == 401) {
          // Make sure a dead cookie does not linger.
          if (!cookie_value(shared->cookie, kCookie).empty()) r.set("Set-Cookie", impl_->session_cookie("", true));
        }
      } catch (const pqxx::broken_connection& e) {
        spdlog::warn("admin {}: database connection lost: {}", shared->path, e.what());
        r = error_response({503, "Server sedang sibuk atau database tidak tersedia, coba lagi sebentar."});
        r.set("Retry-After", "5");
      } catch (const std::exception& e) {
        spdlog::error("admin {} {}: {}", shared->method, shared->path, e.what());
        r = error_response({500, "Terjadi kesalahan pada server. Perubahan tidak disimpan; coba lagi."});
      }
    }
    r.set("Cache-Control", "no-store");
    admin_headers(r);
    respond(std::move(r));
  });
  if (!queued) {
    Response r = error_response({503, "Server sedang sibuk atau database tidak tersedia, coba lagi sebentar."});
    r.set("Retry-After", "5");
    admin_headers(r);
    respond(std::move(r));
  }
}

}  // namespace balai::admin
