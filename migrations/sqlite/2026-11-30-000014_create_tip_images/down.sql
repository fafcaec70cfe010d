DROP TABLE tip_images;
