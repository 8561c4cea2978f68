// '@gradata/core/delivery-thread' for every module resolver, with or without an exports map.
module.exports = require('./dist/delivery-thread.js');
