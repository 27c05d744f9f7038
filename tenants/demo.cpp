#include "tenants/demo.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>
#include <tuple>
#include <vector>

#include "server/media/media.hpp"
#include "tenants/registry.hpp"
#include "tenants/wilayah.hpp"

namespace balai::tenants {

namespace {

// splitmix64: small, fast, and the same everywhere.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }
};

const std::vector<std::string> kDepan = {"Slamet", "Sri", "Budi", "Siti", "Agus", "Dwi", "Eko", "Tri", "Joko", "Wahyu",
                                         "Nur", "Ahmad", "Muhammad", "Rina", "Endang", "Bambang", "Sugeng", "Yuli",
                                         "Heru", "Retno", "Sutrisno", "Puji", "Ani", "Rudi", "Lestari", "Hadi", "Fitri"};
const std::vector<std::string> kBelakang = {"Riyadi", "Wahyuni", "Santoso", "Rahayu", "Prasetyo", "Susanti", "Hidayat",
                                            "Purnomo", "Kurniawan", "Handayani", "Setiawan", "Mulyani", "Saputra",
                                            "Widodo", "Astuti", "Nugroho", "Maryati", "Utomo", "Sulistyo", "Haryanto"};
const std::vector<std::string> kDusun = {"Krajan", "Sidomulyo", "Ngaliyan", "Karanganyar", "Sukorejo", "Gondang",
                                         "Ngrembel", "Tegalsari", "Jatisari", "Wonorejo", "Kalisari", "Sendang"};

std::string person(Rng& r) { return r.pick(kDepan) + " " + r.pick(kBelakang); }

struct PostTemplate {
  const char* category;
  const char* title;  // %D dusun, %N village name, %Y year
  std::vector<const char*> body;
};

const std::vector<PostTemplate> kPosts = {
    {"kegiatan", "Kerja Bakti Warga Bersihkan Saluran Irigasi di Dusun %D",
     {"Warga Dusun %D bergotong royong membersihkan saluran irigasi yang mulai tersumbat sampah dan lumpur menjelang musim tanam.",
      "Kegiatan dimulai pukul 07.00 WIB dan diikuti lebih dari enam puluh warga, perangkat desa, serta anggota Linmas.",
      "Kepala desa menyampaikan terima kasih atas kepedulian warga dan berharap saluran yang bersih dapat mencegah banjir saat hujan deras."}},
    {"berita-desa", "Musyawarah Desa %N Sepakati Rencana Kerja Pemerintah Desa %Y",
     {"Pemerintah %N menggelar musyawarah desa untuk membahas Rencana Kerja Pemerintah Desa (RKPDes) tahun %Y.",
      "Musyawarah dihadiri Badan Permusyawaratan Desa, tokoh masyarakat, perwakilan RT dan RW, kader PKK serta Karang Taruna.",
      "Prioritas pembangunan yang disepakati meliputi perbaikan jalan lingkungan, penguatan BUMDes, dan pencegahan stunting."}},
    {"pengumuman", "Jadwal Penyaluran BLT Dana Desa Tahap Berikutnya",
     {"Diberitahukan kepada keluarga penerima manfaat bahwa penyaluran Bantuan Langsung Tunai Dana Desa akan dilaksanakan di balai desa.",
      "Penerima diminta membawa KTP dan Kartu Keluarga asli. Penyaluran dilakukan bertahap per dusun untuk menghindari antrean panjang.",
      "Informasi lebih lanjut dapat ditanyakan kepada kepala dusun masing-masing atau melalui kantor desa pada jam pelayanan."}},
    {"berita-desa", "Pembangunan Jalan Rabat Beton di Dusun %D Rampung",
     {"Pembangunan jalan rabat beton sepanjang 350 meter di Dusun %D telah selesai dikerjakan oleh tim pelaksana kegiatan.",
      "Pembangunan jalan ini dibiayai Dana Desa dan dikerjakan secara padat karya dengan melibatkan warga setempat.",
      "Warga berharap jalan yang baru memperlancar pengangkutan hasil panen dan aktivitas anak-anak berangkat sekolah."}},
    {"kegiatan", "Posyandu Balita dan Lansia Rutin Digelar Setiap Bulan",
     {"Kader posyandu %N kembali menggelar pelayanan kesehatan bagi balita dan lansia di Dusun %D.",
      "Pelayanan meliputi penimbangan, pengukuran tinggi badan, imunisasi, pemeriksaan tekanan darah, dan pemberian makanan tambahan.",
      "Pemerintah desa terus mendukung kader posyandu sebagai garda terdepan pencegahan stunting."}},
    {"kegiatan", "Pelatihan Pemasaran Digital untuk Pelaku UMKM",
     {"Sebanyak tiga puluh pelaku usaha mikro di %N mengikuti pelatihan pemasaran digital di balai desa.",
      "Peserta belajar memotret produk, menulis deskripsi yang menarik, serta memanfaatkan WhatsApp Business dan lokapasar.",
      "Produk unggulan desa seperti keripik, gula aren, dan batik diharapkan dapat menjangkau pembeli yang lebih luas."}},
    {"berita-desa", "BUMDes %N Kembangkan Unit Usaha Pengelolaan Sampah",
     {"BUMDes di %N meluncurkan unit usaha pengelolaan sampah yang melayani pengangkutan dari rumah warga.",
      "Sampah organik diolah menjadi kompos, sedangkan sampah anorganik dipilah dan dijual kepada pengepul.",
      "Selain menjaga kebersihan lingkungan, unit usaha ini membuka lapangan kerja bagi pemuda desa."}},
    {"pengumuman", "Pelayanan Administrasi Kependudukan Keliling di Balai Desa",
     {"Dinas Kependudukan dan Pencatatan Sipil akan membuka pelayanan keliling di balai %N.",
      "Warga dapat mengurus KTP elektronik, Kartu Identitas Anak, Kartu Keluarga, dan akta kelahiran tanpa harus ke kantor kabupaten.",
      "Mohon membawa dokumen persyaratan lengkap dan datang sesuai jadwal dusun masing-masing."}},
    {"kegiatan", "Karang Taruna Gelar Turnamen Sepak Bola Antar Dusun",
     {"Karang Taruna %N menyelenggarakan turnamen sepak bola antardusun untuk mempererat persaudaraan pemuda.",
      "Pertandingan final mempertemukan tim Dusun %D dengan tim tuan rumah dan disaksikan ratusan warga.",
      "Panitia berharap kegiatan serupa dapat menjadi agenda tahunan dan menumbuhkan bibit atlet dari desa."}},
    {"berita-desa", "Panen Raya Padi, Petani %N Syukuri Hasil yang Meningkat",
     {"Kelompok tani di %N melaksanakan panen raya padi di hamparan sawah Dusun %D.",
      "Hasil panen musim ini meningkat berkat perbaikan saluran irigasi dan pendampingan penyuluh pertanian.",
      "Pemerintah desa mendorong petani menjual gabah melalui BUMDes agar mendapat harga yang lebih baik."}},
    {"pengumuman", "Pendaftaran Calon Anggota Linmas Dibuka",
     {"Pemerintah %N membuka pendaftaran calon anggota Perlindungan Masyarakat (Linmas).",
      "Pendaftar adalah warga desa berusia 18 sampai 45 tahun, sehat jasmani dan rohani, serta bersedia mengikuti pelatihan.",
      "Berkas pendaftaran diserahkan ke kantor desa pada jam pelayanan."}},
    {"kegiatan", "Peringatan Hari Jadi Desa Dimeriahkan Kirab Budaya",
     {"Ratusan warga %N mengikuti kirab budaya dalam rangka peringatan hari jadi desa.",
      "Kirab menampilkan gunungan hasil bumi, kesenian kuda lumping, rebana, dan barisan pelajar dari sekolah-sekolah di desa.",
      "Acara ditutup dengan doa bersama dan makan bersama di halaman balai desa."}},
};

std::string fill(std::string s, const std::string& dusun, const std::string& nama, const std::string& year) {
  for (auto [key, value] : {std::pair<std::string, std::string>{"%D", dusun}, {"%N", nama}, {"%Y", year}})
    for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) s.replace(at, 2, value);
  return s;
}

std::string doc(const std::vector<std::string>& paragraphs) {
  nlohmann::json content = nlohmann::json::array();
  for (const auto& p : paragraphs) content.push_back({{"type", "paragraph"}, {"content", {{{"type", "text"}, {"text", p}}}}});
  return nlohmann::json{{"type", "doc"}, {"content", content}}.dump();
}

std::string joined(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) out += (out.empty() ? "" : "\n") + p;
  return out;
}

// A round emblem in the village colour: white ring, a sheaf of rice and a star.
std::vector<std::uint8_t> emblem(const std::string& hex, int size) {
  auto channel = [&](int i) { return std::stoi(hex.substr(1 + 2 * static_cast<std::size_t>(i), 2), nullptr, 16); };
  const int cr = channel(0), cg = channel(1), cb = channel(2);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(size) * static_cast<std::size_t>(size) * 3, 255);
  const double c = size / 2.0;
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      double dx = x - c + 0.5, dy = y - c + 0.5, d = std::sqrt(dx * dx + dy * dy) / c;
      int r = 255, g = 255, b = 255;
      if (d < 0.96) r = cr, g = cg, b = cb;
      if (d > 0.80 && d < 0.88) r = g = b = 255;
      // Rice grains along an arc in gold.
      double ang = std::atan2(dy, dx);
      if (d > 0.55 && d < 0.70 && ang > 0.3 && std::fmod(ang * 9, 1.0) < 0.5) r = 230, g = 190, b = 60;
      // A five-pointed star in the middle.
      double sr = 0.22 + 0.14 * std::cos(5 * (ang + 1.5708));
      if (d < sr * 0.8) r = 250, g = 215, b = 80;
      auto* p = &out[(static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)) * 3];
      p[0] = static_cast<std::uint8_t>(r), p[1] = static_cast<std::uint8_t>(g), p[2] = static_cast<std::uint8_t>(b);
    }
  return out;
}

}  // namespace

DemoStats seed_demo(pqxx::connection& conn, const std::filesystem::path& media_dir,
                    const std::function<void(std::size_t, std::size_t)>& progress) {
  DemoStats st;
  pqxx::work tx(conn);
  auto villages = tx.exec(
      "SELECT d.id, d.nama, d.jenis, d.slug, k.nama, (SELECT string_agg(o.nama, '|' ORDER BY o.id) FROM desa o"
      " WHERE o.kecamatan_id = d.kecamatan_id AND o.id <> d.id) FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id"
      " WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.desa_id = d.id) ORDER BY d.id");
  const std::vector<std::string> palette = {"#0b6e4f", "#1d4e89", "#8a3b12", "#5b2a86", "#0f5c6e", "#7a4a00", "#2f5d1e"};
  std::size_t done = 0;
  // Pictures: a small pool generated once, stored for the first village and
  // shared with the others, so the demo looks alive without minutes of encoding.
  std::int64_t pool_owner = 0;
  std::vector<media::Stored> scenes, emblems;
  std::vector<std::string> scene_alt;
  if (!villages.empty()) {
    pool_owner = villages[0][0].as<std::int64_t>();
    const std::vector<std::string> alts = {"Hamparan sawah hijau dengan perbukitan di kejauhan", "Sawah menjelang panen di bawah langit cerah",
                                           "Pemandangan perbukitan dan persawahan desa", "Sore hari di tepi persawahan desa"};
    for (int i = 0; i < 14; ++i) {
      scenes.push_back(media::ingest_rgb(media_dir, pool_owner, media::landscape(1000 + static_cast<std::uint64_t>(i), 1280, 720), 1280, 720));
      scene_alt.push_back(alts[static_cast<std::size_t>(i) % alts.size()]);
    }
    for (const auto& colour : palette) emblems.push_back(media::ingest_rgb(media_dir, pool_owner, emblem(colour, 160), 160, 160));
  }
  auto use = [&](pqxx::work& t, std::int64_t desa, const media::Stored& pic, const std::string& alt) {
    if (desa != pool_owner) media::share(media_dir, pool_owner, desa, pic);
    t.exec_params("INSERT INTO media (desa_id, key, width, height, bytes, alt) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                  desa, pic.key, pic.width, pic.height, pic.bytes, alt);
    return pic.key;
  };
  for (const auto& v : villages) {
    const std::int64_t id = v[0].as<std::int64_t>();
    const std::string sid = std::to_string(id), nama = v[1].as<std::string>(), jenis = v[2].as<std::string>();
    const std::string slug = v[3].as<std::string>(), kecamatan = v[4].as<std::string>();
    const std::string label = (jenis == "kelurahan" ? "Kelurahan " : "Desa ") + nama;
    std::vector<std::string> neighbours;
    if (!v[5].is_null()) {
      std::string all = v[5].as<std::string>();
      for (std::size_t at = 0; at <= all.size();) {
        auto bar = all.find('|', at);
        neighbours.push_back(all.substr(at, bar == std::string::npos ? std::string::npos : bar - at));
        if (bar == std::string::npos) break;
        at = bar + 1;
      }
    }
    if (neighbours.empty()) neighbours = {"desa tetangga"};
    Rng r{static_cast<std::uint64_t>(id)};
    // The village runs as this tenant for everything it owns.
    tx.exec("SELECT set_config('balai.desa_id', " + tx.quote(sid) + ", true)");

    std::string theme = r.between(0, 2) == 0 ? "pesisir" : "balai";
    const std::size_t colour = static_cast<std::size_t>(r.next() % palette.size());
    const std::size_t first_scene = static_cast<std::size_t>(r.next() % scenes.size());
    auto scene = [&](std::size_t i) -> const media::Stored& { return scenes[(first_scene + i) % scenes.size()]; };
    std::string hero = use(tx, id, scene(0), "Pemandangan alam " + label);
    std::string logo = use(tx, id, emblems[colour], "Logo " + label);
    tx.exec("UPDATE site_settings SET theme = " + tx.quote(theme) + ", settings = " +
            tx.quote(nlohmann::json{{"warna", palette[colour]}, {"hero", hero}, {"logo", logo}}.dump()) + "::jsonb WHERE desa_id = " + sid);

    // Officials.
    std::string kepala = person(r);
    std::vector<std::pair<std::string, std::string>> officials = {
        {kepala, jenis == "kelurahan" ? "Lurah" : "Kepala Desa"}, {person(r), jenis == "kelurahan" ? "Sekretaris Kelurahan" : "Sekretaris Desa"},
        {person(r), "Kepala Urusan Keuangan"}, {person(r), "Kepala Urusan Umum dan Perencanaan"},
        {person(r), "Kepala Seksi Pemerintahan"}, {person(r), "Kepala Seksi Kesejahteraan"}, {person(r), "Kepala Seksi Pelayanan"}};
    int ndusun = r.between(2, 4);
    std::vector<std::string> dusun;
    for (int i = 0; i < ndusun; ++i) {
      std::string d = kDusun[(static_cast<std::size_t>(id) + static_cast<std::size_t>(i) * 5) % kDusun.size()];
      dusun.push_back(d);
      officials.push_back({person(r), "Kepala Dusun " + d});
    }
    std::string values;
    for (std::size_t i = 0; i < officials.size(); ++i)
      values += (i ? ", (" : "(") + sid + ", " + tx.quote(officials[i].first) + ", " + tx.quote(officials[i].second) + ", " + std::to_string(i * 10) + ")";
    tx.exec("INSERT INTO perangkat (desa_id, nama, jabatan, urutan) VALUES " + values);
    st.perangkat += officials.size();

    // Profile pages.
    int berdiri = r.between(1820, 1950);
    std::vector<std::pair<std::string, std::vector<std::string>>> profile = {
        {"sambutan", {"Assalamu'alaikum warahmatullahi wabarakatuh. Selamat datang di website resmi " + label + ".",
                      "Website ini kami hadirkan sebagai sarana informasi dan pelayanan bagi warga, perantau, dan siapa pun yang ingin mengenal desa kami lebih dekat.",
                      "Kami mengajak seluruh warga untuk ikut mengisi dan memanfaatkan website ini. Salam, " + kepala + "."}},
        {"sejarah", {label + " diperkirakan mulai dihuni sekitar tahun " + std::to_string(berdiri) + ", ketika sekelompok keluarga membuka lahan pertanian di tepi sungai.",
                     "Nama " + nama + " menurut cerita para sesepuh berasal dari peristiwa yang dialami para pendiri desa dan diwariskan secara turun-temurun.",
                     "Kini " + label + " terbagi atas " + std::to_string(ndusun) + " dusun dan menjadi bagian dari Kecamatan " + kecamatan + "."}},
        {"visi-misi", {"Visi: Terwujudnya " + label + " yang maju, mandiri, sejahtera, dan berbudaya.",
                       "Misi: meningkatkan pelayanan publik yang cepat dan terbuka; membangun sarana dan prasarana desa secara merata; "
                       "mengembangkan ekonomi warga melalui BUMDes dan UMKM; serta melestarikan gotong royong dan budaya lokal."}},
        {"geografi", {label + " terletak di Kecamatan " + kecamatan + " dengan wilayah yang sebagian besar berupa persawahan dan permukiman."}},
        {"struktur", {"Pemerintahan " + label + " dipimpin oleh " + kepala + " dan dibantu oleh perangkat desa sebagai berikut."}}};
    for (const auto& [slot, paragraphs] : profile)
      tx.exec("UPDATE pages SET body = " + tx.quote(doc(paragraphs)) + "::jsonb, body_text = " + tx.quote(joined(paragraphs)) +
              " WHERE desa_id = " + sid + " AND slot = " + tx.quote(slot));
    double lat = -6.90 - r.between(0, 3000) / 10000.0, lon = 110.00 + r.between(0, 3500) / 10000.0;
    tx.exec("UPDATE geografi SET luas_ha = " + std::to_string(r.between(15000, 95000) / 100.0) + ", batas_utara = " +
            tx.quote(r.pick(neighbours)) + ", batas_selatan = " + tx.quote(r.pick(neighbours)) + ", batas_timur = " +
            tx.quote(r.pick(neighbours)) + ", batas_barat = " + tx.quote(r.pick(neighbours)) + ", latitude = " +
            std::to_string(lat) + ", longitude = " + std::to_string(lon) + ", ketinggian_m = " + std::to_string(r.between(5, 900)) +
            " WHERE desa_id = " + sid);
    tx.exec("UPDATE kontak SET alamat = " + tx.quote("Jl. " + dusun[0] + " No. " + std::to_string(r.between(1, 80)) + ", " + label +
                                                   ", Kecamatan " + kecamatan) +
            ", telepon = " + tx.quote("(0294) " + std::to_string(r.between(361000, 399999))) + ", whatsapp = " +
            tx.quote("6281" + std::to_string(r.between(100000000, 999999999))) + ", email = " +
            tx.quote("pemdes." + slug + "@desa.example.id") + ", jam_kerja = 'Senin–Jumat, 08.00–15.00 WIB'" +
            " WHERE desa_id = " + sid);
    int laki = r.between(1200, 4200), perempuan = laki + r.between(-150, 200);
    tx.exec("INSERT INTO statistik (desa_id, tahun, kategori, label, laki, perempuan) VALUES (" + sid +
            ", 2026, 'jenis_kelamin', 'Jumlah penduduk', " + std::to_string(laki) + ", " + std::to_string(perempuan) + ")");

    // Figures: population by age, education, occupation and religion.
    {
      const std::vector<std::pair<std::string, std::vector<std::string>>> groups = {
          {"umur", {"0-4 tahun", "5-14 tahun", "15-24 tahun", "25-44 tahun", "45-64 tahun", "65 tahun ke atas"}},
          {"pendidikan", {"Tidak/belum sekolah", "SD/sederajat", "SMP/sederajat", "SMA/sederajat", "Diploma", "Sarjana"}},
          {"pekerjaan", {"Petani", "Buruh tani", "Pedagang", "Karyawan swasta", "PNS/TNI/Polri", "Wiraswasta", "Lainnya"}},
          {"agama", {"Islam", "Kristen", "Katolik", "Hindu", "Buddha"}}};
      std::string rows;
      for (const auto& [kategori, labels] : groups) {
        int order = 0;
        for (const auto& l : labels) {
          int base = kategori == "agama" ? (order == 0 ? laki : r.between(0, 40)) : laki / static_cast<int>(labels.size());
          int lk = std::max(0, base + r.between(-base / 4 - 1, base / 4 + 1)), pr = std::max(0, base + r.between(-base / 4 - 1, base / 4 + 1));
          if (kategori == "agama" && order == 0) lk = laki - 30, pr = perempuan - 30;
          rows += std::string(rows.empty() ? "" : ", ") + "(" + sid + ", 2026, " + tx.quote(kategori) + ", " + tx.quote(l) + ", " +
                  std::to_string(order++) + ", " + std::to_string(lk) + ", " + std::to_string(pr) + ")";
        }
      }
      tx.exec("INSERT INTO statistik (desa_id, tahun, kategori, label, urutan, laki, perempuan) VALUES " + rows);
    }
    // Budget for last year and this year, in rupiah.
    for (int tahun : {2025, 2026}) {
      std::int64_t dd = r.between(800, 1400) * 1000000LL, add = r.between(300, 700) * 1000000LL, pad = r.between(20, 150) * 1000000LL;
      double done = tahun == 2025 ? 0.97 : 0.68;
      struct Line { const char* jenis; const char* uraian; std::int64_t anggaran; };
      const std::vector<Line> lines = {
          {"pendapatan", "Dana Desa", dd}, {"pendapatan", "Alokasi Dana Desa", add}, {"pendapatan", "Pendapatan Asli Desa", pad},
          {"pendapatan", "Bagi Hasil Pajak dan Retribusi", r.between(40, 90) * 1000000LL},
          {"belanja", "Penyelenggaraan Pemerintahan Desa", (dd + add) * 35 / 100},
          {"belanja", "Pelaksanaan Pembangunan Desa", (dd + add) * 40 / 100},
          {"belanja", "Pembinaan Kemasyarakatan", (dd + add) * 10 / 100},
          {"belanja", "Pemberdayaan Masyarakat", (dd + add) * 10 / 100},
          {"belanja", "Penanggulangan Bencana dan Keadaan Mendesak", (dd + add) * 5 / 100},
          {"pembiayaan", "Sisa Lebih Perhitungan Anggaran", r.between(10, 80) * 1000000LL}};
      std::string rows;
      int order = 0;
      for (const auto& l : lines) {
        auto real = static_cast<std::int64_t>(static_cast<double>(l.anggaran) * (done - r.between(0, 8) / 100.0));
        rows += std::string(rows.empty() ? "" : ", ") + "(" + sid + ", " + std::to_string(tahun) + ", " + tx.quote(l.jenis) + ", " +
                tx.quote(l.uraian) + ", " + std::to_string(order++) + ", " + std::to_string(l.anggaran) + ", " + std::to_string(real) + ")";
      }
      tx.exec("INSERT INTO apbdes (desa_id, tahun, jenis, uraian, urutan, anggaran, realisasi) VALUES " + rows);
    }
    {
      const std::vector<std::string> bumdes_nama = {"Maju Bersama", "Sejahtera", "Makmur Jaya", "Tirta Mandiri", "Sumber Rejeki"};
      nlohmann::json units = nlohmann::json::array({{{"nama", "Unit Simpan Pinjam"}, {"deskripsi", "Pinjaman modal usaha bagi warga"}},
                                                    {{"nama", "Unit Pengelolaan Air Bersih"}, {"deskripsi", "Layanan air bersih untuk " + std::to_string(r.between(120, 600)) + " rumah"}}});
      nlohmann::json pengurus = nlohmann::json::array({{{"nama", person(r)}, {"jabatan", "Direktur"}}, {{"nama", person(r)}, {"jabatan", "Sekretaris"}},
                                                       {{"nama", person(r)}, {"jabatan", "Bendahara"}}});
      nlohmann::json produk = nlohmann::json::array({{{"nama", "Air bersih per meter kubik"}, {"harga", 3000}}, {{"nama", "Sewa tenda dan kursi"}, {"harga", 350000}}});
      tx.exec("INSERT INTO bumdes (desa_id, nama, badan_hukum, tahun_berdiri, deskripsi, unit_usaha, pengurus, produk, kontak) VALUES (" + sid + ", " +
              tx.quote("BUMDes " + r.pick(bumdes_nama) + " " + nama) + ", " +
              tx.quote("Badan hukum terdaftar, Kementerian Desa PDTT") + ", " + std::to_string(r.between(2015, 2023)) + ", " +
              tx.quote("Badan usaha milik desa yang mengelola usaha bersama untuk kesejahteraan warga " + label + ".") + ", " +
              tx.quote(units.dump()) + "::jsonb, " + tx.quote(pengurus.dump()) + "::jsonb, " + tx.quote(produk.dump()) + "::jsonb, " +
              tx.quote("Kantor BUMDes, " + label) + ")");
      tx.exec("INSERT INTO sekolah (desa_id, jenjang, nama, alamat, murid) VALUES (" + sid + ", 'PAUD', " + tx.quote("PAUD Tunas Bangsa " + nama) +
              ", " + tx.quote("Dusun " + dusun[0]) + ", " + std::to_string(r.between(15, 45)) + "), (" + sid + ", 'SD', " +
              tx.quote("SD Negeri " + std::to_string(r.between(1, 3)) + " " + nama) + ", " + tx.quote("Dusun " + dusun.back()) + ", " +
              std::to_string(r.between(90, 260)) + "), (" + sid + ", 'MI', " + tx.quote("MI Nurul Huda " + nama) + ", " +
              tx.quote("Dusun " + r.pick(dusun)) + ", " + std::to_string(r.between(60, 200)) + ")");
      const std::vector<std::tuple<const char*, const char*, int, const char*>> products = {
          {"Keripik Singkong", "Keripik singkong renyah aneka rasa buatan ibu-ibu PKK.", 15000, "bungkus"},
          {"Gula Aren", "Gula aren murni dari nira pohon aren desa.", 25000, "kg"},
          {"Batik Tulis", "Batik tulis motif khas Kendal.", 250000, "lembar"},
          {"Kopi Robusta", "Kopi robusta petik merah dari lereng bukit.", 60000, "250 g"},
          {"Telur Asin", "Telur asin bebek, masir dan gurih.", 4000, "butir"}};
      std::string rows;
      for (int i = 0; i < 3; ++i) {
        const auto& [pn, pd, ph, ps] = products[(static_cast<std::size_t>(id) + static_cast<std::size_t>(i)) % products.size()];
        rows += std::string(rows.empty() ? "" : ", ") + "(" + sid + ", 'umkm', " + tx.quote(pn) + ", " + tx.quote(pd) + ", " +
                std::to_string(ph) + ", " + tx.quote(ps) + ", " + tx.quote(person(r)) + ", " +
                tx.quote("6285" + std::to_string(r.between(100000000, 999999999))) + ")";
      }
      tx.exec("INSERT INTO produk (desa_id, jenis, nama, deskripsi, harga, satuan, penjual, whatsapp) VALUES " + rows);
      tx.exec("INSERT INTO lembaga (desa_id, nama, singkatan, ketua, deskripsi, urutan) VALUES (" + sid +
              ", 'Badan Permusyawaratan Desa', 'BPD', " + tx.quote(person(r)) + ", 'Menampung dan menyalurkan aspirasi masyarakat serta mengawasi kinerja pemerintah desa.', 1), (" + sid +
              ", 'Lembaga Pemberdayaan Masyarakat Desa', 'LPMD', " + tx.quote(person(r)) + ", 'Mitra pemerintah desa dalam perencanaan dan pelaksanaan pembangunan.', 2), (" + sid +
              ", 'Tim Penggerak Pemberdayaan Kesejahteraan Keluarga', 'PKK', " + tx.quote(person(r)) + ", 'Menggerakkan program kesejahteraan keluarga, kesehatan, dan posyandu.', 3), (" + sid +
              ", 'Karang Taruna', '', " + tx.quote(person(r)) + ", 'Wadah pengembangan generasi muda di bidang sosial, olahraga, dan ekonomi kreatif.', 4)");
      // A real (tiny) PDF for the produk hukum list.
      std::string title = "Peraturan Desa tentang APBDes Tahun 2026";
      std::string pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
                        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
      tx.exec("INSERT INTO dokumen (desa_id, kategori, judul, nomor, tahun, file_name, mime, content) VALUES (" + sid +
              ", 'produk_hukum', " + tx.quote(title) + ", " + tx.quote("Perdes No. 1 Tahun 2026") + ", 2026, 'perdes-apbdes-2026.pdf', 'application/pdf', " +
              tx.quote_raw(reinterpret_cast<const unsigned char*>(pdf.data()), pdf.size()) + ")");
    }

    // News: spread over the last eighteen months; some villages have one
    // post scheduled a few days ahead.
    int nposts = r.between(6, 12);
    // Like the regency's real sites, many villages went quiet: about four in
    // ten post regularly, the rest stopped weeks or years ago (Blumah and
    // Medono, the guided examples, stay active).
    const auto mix = static_cast<std::uint64_t>(id) * 2654435761u;
    const int band = static_cast<int>(mix % 100), spread = static_cast<int>((mix / 100) % 600);
    const int quiet = id == 3324012001 || id == 3324072001 || band < 40 ? 0 : band < 65 ? 35 + spread % 45 : 100 + spread;
    for (int i = 0; i < nposts; ++i) {
      const auto& t = kPosts[(static_cast<std::size_t>(r.next() % kPosts.size()))];
      int days_ago = (i == 0 && r.between(0, 3) == 0 && !quiet) ? -r.between(1, 6) : r.between(1 + i * 30, 30 + i * 45) + quiet;
      std::string d = r.pick(dusun);
      std::string year = std::to_string(2026 + (days_ago < 60 ? 1 : 0));
      std::string title = fill(t.title, d, label, year);
      std::vector<std::string> body;
      for (const char* p : t.body) body.push_back(fill(p, d, label, year));
      std::string post_slug = wilayah::slugify(title).substr(0, 80);
      while (!post_slug.empty() && post_slug.back() == '-') post_slug.pop_back();
      post_slug += "-" + std::to_string(i + 1);
      std::string when = "now() - interval '" + std::to_string(days_ago) + " days' - interval '" + std::to_string(r.between(0, 600)) + " minutes'";
      const bool pengumuman = std::string(t.category) == "pengumuman";
      std::string cover = "NULL", cover_alt = "''";
      if (!pengumuman) {
        cover = tx.quote(use(tx, id, scene(static_cast<std::size_t>(i) + 1), scene_alt[(first_scene + static_cast<std::size_t>(i) + 1) % scenes.size()]));
        cover_alt = tx.quote("Suasana Dusun " + d + ", " + label);
      }
      tx.exec("INSERT INTO posts (desa_id, kind, category_id, slug, title, excerpt, body, body_text, author_name, status, published_at, cover, cover_alt,"
              " created_at, updated_at) VALUES (" +
              sid + ", " + (pengumuman ? "'pengumuman'" : "'berita'") +
              ", (SELECT id FROM categories WHERE desa_id = " + sid + " AND slug = " + tx.quote(t.category) + "), " +
              tx.quote(post_slug) + ", " + tx.quote(title) + ", " + tx.quote(body[0]) + ", " + tx.quote(doc(body)) + "::jsonb, " +
              tx.quote(joined(body)) + ", " + tx.quote("Admin " + label) + ", " + (days_ago < 0 ? "'scheduled'" : "'published'") +
              ", " + when + ", " + cover + ", " + cover_alt + ", least(now(), " + when + "), least(now(), " + when + "))");
      ++st.posts;
    }
    const std::vector<std::pair<std::string, std::string>> agenda = {
        {"Musyawarah Dusun Perencanaan Pembangunan", "Balai Dusun "}, {"Posyandu Balita", "Posyandu Dusun "},
        {"Senam Sehat Bersama Lansia", "Lapangan Dusun "}, {"Rapat Koordinasi Perangkat Desa", "Balai Desa"},
        {"Pengajian Rutin Malam Jumat", "Masjid Dusun "}, {"Pelatihan Kader PKK", "Balai Desa"}};
    int nagenda = r.between(3, 6);
    for (int i = 0; i < nagenda; ++i) {
      const auto& a = agenda[static_cast<std::size_t>(i) % agenda.size()];
      int day = i < 2 ? -r.between(3, 40) : r.between(2, 60);
      std::string place = a.second.ends_with(" ") ? a.second + r.pick(dusun) : a.second;
      std::string start = "date_trunc('day', now() AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta' + interval '" +
                          std::to_string(day) + " days' + interval '" + std::to_string(r.between(7, 19)) + " hours'";
      tx.exec("INSERT INTO agenda (desa_id, title, starts_at, ends_at, place, organiser, description) VALUES (" + sid + ", " +
              tx.quote(a.first) + ", " + start + ", " + start + " + interval '2 hours', " + tx.quote(place) + ", " +
              tx.quote("Pemerintah " + label) + ", " + tx.quote("Seluruh warga diharapkan hadir tepat waktu.") + ")");
      ++st.agenda;
    }
    // Gallery: one album of the landscape, one of village life.
    for (auto [album_slug, judul, deskripsi, count] : std::initializer_list<std::tuple<const char*, std::string, std::string, int>>{
             {"keindahan-alam", "Keindahan Alam " + nama, "Sawah, perbukitan, dan langit " + label + " dari berbagai sudut.", 6},
             {"kegiatan-warga", "Kegiatan Warga", "Dokumentasi kerja bakti, panen, dan kegiatan bersama warga.", 4}}) {
      auto album = tx.exec_params("INSERT INTO albums (desa_id, slug, judul, deskripsi) VALUES ($1, $2, $3, $4) RETURNING id", id, album_slug,
                                  judul, deskripsi)[0][0].as<std::int64_t>();
      for (int i = 0; i < count; ++i) {
        std::size_t k = static_cast<std::size_t>(i) * 2 + (count == 6 ? 0 : 1);
        std::string alt = scene_alt[(first_scene + k) % scenes.size()] + " di Dusun " + dusun[static_cast<std::size_t>(i) % dusun.size()];
        tx.exec_params("INSERT INTO photos (desa_id, album_id, media_key, alt, urutan) VALUES ($1, $2, $3, $4, $5)", id, album,
                       use(tx, id, scene(k), alt), alt, i);
        ++st.photos;
      }
    }
    ++st.villages;
    if (progress) progress(++done, villages.size());
  }
  tx.commit();
  // Fresh planner statistics: without them the first page renders pick poor plans.
  pqxx::nontransaction(conn).exec("ANALYZE");
  pqxx::nontransaction(conn).exec("SELECT balai_refresh_activity(NULL)");  // the console's roll-up
  notify(conn, kHostsChannel);
  return st;
}

}  // namespace balai::tenants
