'use strict';
// Entry of the site's custom plotly.js bundle: the core (which always carries `scatter`)
// plus exactly the traces the site draws. Same shape as plotly.js's own lib/index-*.js
// partial-bundle entries; `calendars` (non-Gregorian axis calendars) is left out on purpose.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/choropleth')
]);

module.exports = Plotly;
