<#-- x101 value report (SPEC F3): every value of the period in one file, one row per value, meter by meter
     then by time. <@csvRows> writes the rows of `values` with these columns, separated by the configured
     field separator, values with the decimal separator, quoted only where a field needs it; it is the same
     as <#list values as v>${v.secondary}${sep}…</#list> with csv() around free texts, several times faster.
     The header texts come in the configured language (metergate.report.language, text.*). -->
${text.meterId}${sep}${text.manufacturer}${sep}${text.medium}${sep}${text.moid}${sep}${text.timestamp}${sep}${text.quantity}${sep}${text.unit}${sep}${text.storage}${sep}${text.tariff}${sep}${text.value}
<@csvRows columns=["secondary", "manufacturer", "medium", "moid", "timestamp", "description", "unit", "storage", "tariff", "value"]/>
