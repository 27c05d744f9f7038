-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: opensid_sukamaju
-- ------------------------------------------------------
-- Server version	8.0.36-0ubuntu0.22.04.1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `agenda`
--

DROP TABLE IF EXISTS `agenda`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `agenda` (
  `id` int NOT NULL AUTO_INCREMENT,
  `id_artikel` int NOT NULL,
  `tgl_agenda` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `koordinator_kegiatan` varchar(50) NOT NULL,
  `lokasi_kegiatan` varchar(100) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `id_artikel_fk` (`id_artikel`),
  CONSTRAINT `id_artikel_fk` FOREIGN KEY (`id_artikel`) REFERENCES `artikel` (`id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb3;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `agenda`
--

LOCK TABLES `agenda` WRITE;
/*!40000 ALTER TABLE `agenda` DISABLE KEYS */;
INSERT INTO `agenda` VALUES (1,104,'2024-01-20 09:00:00','Sekretaris Desa','Balai Desa Sukamaju');
/*!40000 ALTER TABLE `agenda` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `artikel`
--

DROP TABLE IF EXISTS `artikel`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `artikel` (
  `id` int NOT NULL AUTO_INCREMENT,
  `gambar` varchar(200) DEFAULT NULL,
  `isi` text NOT NULL,
  `enabled` int NOT NULL DEFAULT '1',
  `tgl_upload` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `id_kategori` int NOT NULL,
  `id_user` int NOT NULL,
  `judul` varchar(100) NOT NULL,
  `headline` int NOT NULL DEFAULT '0',
  `gambar1` varchar(200) DEFAULT NULL,
  `gambar2` varchar(200) DEFAULT NULL,
  `gambar3` varchar(200) DEFAULT NULL,
  `dokumen` varchar(400) DEFAULT NULL,
  `link_dokumen` varchar(200) DEFAULT NULL,
  `boleh_komentar` tinyint(1) NOT NULL DEFAULT '1',
  `slug` varchar(200) DEFAULT NULL,
  `hit` int DEFAULT '0',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=109 DEFAULT CHARSET=utf8mb3;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `artikel`
--

LOCK TABLES `artikel` WRITE;
/*!40000 ALTER TABLE `artikel` DISABLE KEYS */;
INSERT INTO `artikel` VALUES (101,'1692236400_gotong.jpg','<p>Warga Dusun Krajan bergotong royong membersihkan saluran irigasi sepanjang 2 km pada Kamis pagi. Kegiatan ini dipimpin langsung oleh Kepala Desa.</p>\r\n<p style=\"text-align: center;\"><img src=\"http://sukamaju.desa.id/desa/upload/artikel/sedang_1692236400_irigasi.jpg\" alt=\"Saluran irigasi yang sudah bersih\" width=\"600\" height=\"400\" /></p>\r\n<p>&ldquo;Kalau saluran bersih, sawah tidak kekurangan air,&rdquo; kata Pak Darto, ketua kelompok tani. Warga\'s semangat patut ditiru: <strong>78 orang</strong> hadir &amp; membawa alat sendiri.</p>',1,'2023-08-17 01:30:00',1,1,'Gotong Royong Bersihkan Saluran Irigasi',1,'1692236400_irigasi2.jpg','','',NULL,'',1,'gotong-royong-bersihkan-saluran-irigasi',57),(102,NULL,'<p>Laporan realisasi APBDes semester I masih disusun oleh bendahara.</p>',2,'2023-09-01 03:00:00',8,2,'Laporan Realisasi APBDes Semester I',0,NULL,NULL,NULL,NULL,NULL,1,NULL,0),(103,'','<h2>Asal Usul</h2>\r\n<p>Desa Sukamaju berdiri pada tahun 1912. Nama <em>Sukamaju</em> berarti \"senang maju\".</p>\r\n<h3>Kepala Desa dari masa ke masa</h3>\r\n<ol>\r\n<li>Mbah Karto (1912&ndash;1940)</li>\r\n<li>H. Sanusi (1940&ndash;1965)</li>\r\n</ol>\r\n<table border=\"1\">\r\n<tbody>\r\n<tr><th>Dusun</th><th>Jumlah KK</th></tr>\r\n<tr><td>Krajan</td><td>312</td></tr>\r\n<tr><td>Sidomulyo</td><td>208</td></tr>\r\n</tbody>\r\n</table>\r\n<p>&nbsp;</p>',1,'2013-07-29 04:13:36',999,1,'Sejarah Desa',0,'','','','','',1,'sejarah-desa',12),(104,'','<p>Musyawarah desa membahas Rencana Kerja Pemerintah Desa (RKPDes) tahun 2024. Seluruh ketua RT/RW diharapkan hadir.</p>',1,'2024-01-10 02:00:00',1000,1,'Musyawarah Desa RKPDes 2024',0,'','','','','',1,'musyawarah-desa-rkpdes-2024',3),(105,'','Selamat datang di website resmi Desa Sukamaju',1,'2022-01-01 00:00:00',17,1,'Teks berjalan',0,'','','','','',1,'teks-berjalan',0),(106,'','',1,'2022-02-02 00:00:00',1,1,'',0,'','','','','',1,NULL,0);
/*!40000 ALTER TABLE `artikel` ENABLE KEYS */;
UNLOCK TABLES;

-- A row added later through phpMyAdmin, with a column list.
INSERT INTO `artikel` (`id`, `gambar`, `isi`, `enabled`, `tgl_upload`, `id_kategori`, `id_user`, `judul`, `headline`, `gambar1`, `gambar2`, `gambar3`, `dokumen`, `link_dokumen`, `boleh_komentar`, `slug`, `hit`) VALUES
(107, 'kecil_1700000000_blt.png', '<p>Penyaluran BLT Dana Desa tahap II untuk 45 keluarga penerima manfaat.</p><script>alert(\'x\')</script><iframe src=\"https://www.youtube.com/embed/abc\"></iframe><p>Daftar penerima dapat dilihat di <a href=\"https://sukamaju.desa.id/first/dokumen\">halaman dokumen</a> atau <a href=\"javascript:alert(1)\">di sini</a>.</p>', 1, '2023-11-20 07:45:00', 1, 2, 'Penyaluran BLT &quot;Dana Desa&quot; Tahap II', 0, NULL, NULL, NULL, 'daftar_penerima_blt.pdf', 'Daftar Penerima', 1, NULL, 9),
(108, NULL, '<p>Kerja bakti kedua bulan ini.</p>', 1, '2023-08-24 01:30:00', 1, 1, 'Gotong Royong Bersihkan Saluran Irigasi', 0, NULL, NULL, NULL, NULL, NULL, 1, NULL, 0);

--
-- Table structure for table `kategori`
--

DROP TABLE IF EXISTS `kategori`;
CREATE TABLE `kategori` (
  `id` int NOT NULL AUTO_INCREMENT,
  `kategori` varchar(100) NOT NULL,
  `tipe` int NOT NULL DEFAULT '1',
  `urut` tinyint NOT NULL,
  `enabled` tinyint NOT NULL,
  `parrent` tinyint NOT NULL DEFAULT '0',
  `slug` varchar(100) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=18 DEFAULT CHARSET=latin1;

LOCK TABLES `kategori` WRITE;
INSERT INTO `kategori` VALUES (1,'Berita Desa',1,1,1,0,'berita-desa'),(8,'Laporan Desa',2,3,1,0,'laporan-desa'),(17,'teks_berjalan',1,0,1,0,'teks_berjalan');
UNLOCK TABLES;

--
-- Table structure for table `komentar`
--

DROP TABLE IF EXISTS `komentar`;
CREATE TABLE `komentar` (
  `id` int NOT NULL AUTO_INCREMENT,
  `id_artikel` int NOT NULL,
  `owner` varchar(50) NOT NULL,
  `email` varchar(50) DEFAULT NULL,
  `komentar` text NOT NULL,
  `tgl_upload` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `status` tinyint DEFAULT '0',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

INSERT INTO `komentar` VALUES (1,101,'Joko','joko@example.com','Mantap, lanjutkan; semoga rutin!','2023-08-17 05:00:00',1),(2,101,'Rina',NULL,'Kapan kerja bakti berikutnya?','2023-08-18 02:10:00',1);

--
-- Table structure for table `user`
--

DROP TABLE IF EXISTS `user`;
CREATE TABLE `user` (
  `id` int NOT NULL AUTO_INCREMENT,
  `username` varchar(100) NOT NULL,
  `password` varchar(100) NOT NULL,
  `id_grup` int NOT NULL,
  `email` varchar(100) DEFAULT NULL,
  `last_login` datetime DEFAULT NULL,
  `active` tinyint unsigned DEFAULT '0',
  `nama` varchar(50) DEFAULT NULL,
  `foto` varchar(100) NOT NULL DEFAULT 'kuser.png',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

INSERT INTO `user` (`id`, `username`, `password`, `id_grup`, `email`, `last_login`, `active`, `nama`, `foto`) VALUES
(1,'admin','$2y$10$CfFhuvLXa2uZWpFOhgXNa.6Wb7hWm4nQvQk9mpcOjm0J2vlAJ1AEy',1,'admin@sukamaju.desa.id','2024-01-10 08:00:00',1,'Administrator Desa','kuser.png'),
(2,'operator','$2y$10$Ei1KkDqxFmw0qkXvB2OGp.0cLWPL0nR6qkSYBt9a8dQ2vUNaK1t7W',2,NULL,NULL,1,'Siti Aminah','kuser.png');

DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `artikel_hit` AFTER UPDATE ON `artikel` FOR EACH ROW BEGIN INSERT INTO `log_hit` VALUES (NEW.id, NOW()); END */;;
DELIMITER ;

/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
-- Dump completed on 2024-02-01 10:00:00
