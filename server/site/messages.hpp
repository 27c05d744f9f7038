// The Indonesian texts of the public pages, in one place.
#pragma once
#include <string_view>

namespace balai::site::msg {

inline constexpr std::string_view portal_title = "Portal Desa";
inline constexpr std::string_view portal_intro = "Website resmi seluruh desa dan kelurahan:";
inline constexpr std::string_view desa_kelurahan = "desa/kelurahan";
inline constexpr std::string_view desa = "Desa";
inline constexpr std::string_view kelurahan = "Kelurahan";
inline constexpr std::string_view kecamatan = "Kecamatan";
inline constexpr std::string_view kecamatan_lower = "kecamatan";
inline constexpr std::string_view kabupaten = "Kabupaten/Kota";
inline constexpr std::string_view identitas = "Identitas";
inline constexpr std::string_view nama = "Nama";
inline constexpr std::string_view jenis = "Jenis";
inline constexpr std::string_view kode_wilayah = "Kode wilayah";
inline constexpr std::string_view halaman = "Halaman";
inline constexpr std::string_view suspended_short = "sedang dinonaktifkan";
inline constexpr std::string_view footer_portal = "Dikelola oleh Dinas Komunikasi dan Informatika.";
inline constexpr std::string_view footer_village = "Website resmi pemerintah desa, dikelola bersama Diskominfo.";

inline constexpr std::string_view not_found_title = "Halaman tidak ditemukan";
inline constexpr std::string_view not_found = "Alamat yang Anda buka tidak ada di portal ini. Periksa kembali alamatnya atau kunjungi halaman utama portal.";
inline constexpr std::string_view bad_request_title = "Permintaan tidak valid";
inline constexpr std::string_view bad_request_host = "Permintaan ini tidak menyebutkan alamat situs (header Host) dengan benar.";
inline constexpr std::string_view suspended_title = "Situs sedang dinonaktifkan";
inline constexpr std::string_view suspended = "Website desa ini untuk sementara dinonaktifkan oleh Diskominfo. Silakan kembali lagi nanti.";
inline constexpr std::string_view busy_title = "Server sedang sibuk";
inline constexpr std::string_view busy = "Terlalu banyak permintaan saat ini. Silakan coba lagi dalam beberapa detik.";
inline constexpr std::string_view error_title = "Terjadi kesalahan";
inline constexpr std::string_view error = "Maaf, halaman ini tidak dapat ditampilkan saat ini. Silakan coba lagi nanti.";
inline constexpr std::string_view method_title = "Metode tidak diizinkan";
inline constexpr std::string_view method = "Halaman publik hanya dapat dibaca (GET atau HEAD).";

}  // namespace balai::site::msg
