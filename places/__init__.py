"""Place pages: a province with its zones by kind. The models are ``zones.Province`` and
``zones.Prefecture``; this app holds their public pages."""
