<#-- x150 value report as JSON (always UTF-8): the period's values grouped by meter and readout. Numbers are
     exact JSON numbers (v.exact, never rounded); text values (dates, manufacturer data) are strings.
     The manual does not number JSON push reports; 150 is metergate's choice. -->
{
  "product": "${gateway.product?json_string}",
  "serial": "${gateway.serial?json_string}",
  "report": ${report.number},
  "template": ${report.template},
  "createdAt": "${report.createdAtUtc}",
  "period": {"from": "${report.period.fromUtc}", "to": "${report.period.toUtc}"},
  "interval": "${report.interval}",
  "meters": [
<#list meterValues as m>
    {"id": "${m.secondary?json_string}", "manufacturer": "${m.manufacturer?json_string}", "medium": "${m.medium?json_string}", "moid": "${m.moid?json_string}",
     "readouts": [
<#list m.readouts as r>
      {"timestamp": "${r.timestampUtc}", "values": [
<#list r.values as v>
        {"quantity": "${v.quantity?json_string}", "unit": "${v.unit?json_string}", "function": "${v.function?json_string}", "storage": ${v.storage}, "tariff": ${v.tariff}, "subunit": ${v.subunit}, "value": <#if v.isNumber>${v.exact}<#else>"${v.value?json_string}"</#if>}<#sep>,</#sep>
</#list>
      ]}<#sep>,</#sep>
</#list>
    ]}<#sep>,</#sep>
</#list>
  ]
}
